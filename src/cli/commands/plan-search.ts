/**
 * `plan`'s lines for a random search and for early stopping: the space sampled, and the rung ladder with the
 * trials each rung expects, the epochs that costs and the share of the full budget. Pure.
 */
import { describeDistribution } from '../../sweep/search/distributions.js';
import { ladderPreview } from '../../sweep/search/rungs.js';
import type { LoadedSweep } from '../../sweep/load.js';

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
      `  about ${ladder.epochs} epochs (each rung retrains from epoch 0) of the full budget's ${ladder.fullBudget}: ${share} %, so about ${share} % of the work and time below`,
    );
  }
  return lines;
}
