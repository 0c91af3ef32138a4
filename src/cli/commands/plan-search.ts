/**
 * `plan`'s lines for a random search and for early stopping: the space sampled, and the rung ladder with the
 * trials each rung expects, the epochs that costs and the share of the full budget, a warning when the last
 * rung expects no trial, and the disk the rung checkpoints may take. Pure.
 */
import { describeDistribution } from '../../sweep/search/distributions.js';
import { ladderPreview, topRungFix } from '../../sweep/search/rungs.js';
import type { LoadedSweep } from '../../sweep/load.js';
import { checkpointBytes, formatBytes } from '../../journal/checkpoint/disk.js';
import { resolveRunSettings } from '../../core/run-settings.js';

export function searchLines({ sweep, plan }: LoadedSweep): string[] {
  const lines: string[] = [];
  if (sweep.search) {
    const space = sweep.search.space.map(({ key, distribution }) => `${key} ${describeDistribution(distribution)}`).join('; ');
    lines.push(`random search: ${sweep.search.trials} trials from seed ${sweep.search.seed} (the table lists them); ${space}`);
  }
  const stopping = plan.earlyStopping;
  if (stopping) {
    const ladder = ladderPreview(stopping, plan.jobs.length);
    const rungs = ladder.rungs.map((r) => `rung ${r.rung}: ${r.epochs} epoch${r.epochs === 1 ? '' : 's'} × ${r.trials}`).join(', ');
    const share = ((100 * ladder.epochs) / ladder.fullBudget).toFixed(0);
    lines.push(
      `early stopping: ASHA, η = ${stopping.reductionFactor}, by ${stopping.metric}; trials expected per rung: ${rungs}`,
      `  about ${ladder.epochs} epochs (promoted trials continue from their rung's checkpoint) of the full budget's ${ladder.fullBudget}: ${share} %, so about ${share} % of the work and time below`,
    );
    const fix = topRungFix(stopping, plan.jobs.length);
    if (fix) {
      const top = ladder.rungs.at(-1)!;
      lines.push(
        `  warning: the last rung (${top.epochs} epochs) expects no trial: ${plan.jobs.length} trials keep ⌊${plan.jobs.length}/${stopping.reductionFactor}^${top.rung}⌋ = 0 there, so no trial may train to max_epochs`,
        `    hint: ${sweep.search ? `search.trials: ${fix.trials}` : `at least ${fix.trials} trials`}, or early_stopping.max_epochs: ${fix.maxEpochs}, or early_stopping.min_epochs: ${fix.minEpochs}`,
      );
    }
    // a trial waiting for its decision keeps its rung's end state, so every trial may hold one at once
    if (resolveRunSettings(plan.run).checkpoint) {
      const bytes = plan.jobs.reduce((n, job) => n + checkpointBytes(job.settings), 0);
      lines.push(`  rung checkpoints: up to ${formatBytes(bytes)} (one per trial still going, deleted when it stops or is done), besides the disk line's`);
    }
  }
  return lines;
}
