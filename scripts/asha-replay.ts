/**
 * ASHA against the full grid, from one grid run: `node dist/scripts/asha-replay.js results/<sweep> [η] [min]`.
 *
 * A rung run computes exactly the first epochs of the full run (tested in test/run/early-stopping.test.ts
 * and test/run/rung-continuation.test.ts), so ASHA's decisions over a finished grid follow from each job's
 * epoch curve alone: this replays the decision rule (src/sweep/search/asha.ts) on the journal's curves, in
 * plan order, and gives the best configuration each finds and the epochs each spends (ASHA continuing each
 * promoted trial from its rung's checkpoint, as it runs, and as it ran before, retraining each rung from
 * epoch 0). Time is estimated from each job's own wall time per epoch in the grid run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLAN_FILE, parsePlanFile } from '../src/journal/plan-file.js';
import { latestById, readJournal } from '../src/journal/read.js';
import { ashaDecisions, key, type RungResult } from '../src/sweep/search/asha.js';
import { rungEpochs } from '../src/sweep/search/rungs.js';

export interface Replay {
  lines: string[];
  /** Points of validation accuracy between the grid's best and ASHA's best, as found and trained to max. */
  gapAsFound: number;
  gapTrained: number;
  epochs: { grid: number; continued: number; retrained: number };
  seconds: { grid: number; asha: number };
  /** Every decision the rule made, as `trial:rung:promoted|stopped`, sorted. */
  decisions: string[];
}

export function replayAsha(dir: string, eta: number, min: number): Replay {
  const { plan } = parsePlanFile(readFileSync(path.join(dir, PLAN_FILE), 'utf8'), PLAN_FILE);
  if (!plan) throw new Error(`${dir}: no plan.json`);
  const latest = latestById(readJournal(dir).records);
  const jobs = plan.jobs.map((job) => latest.get(job.id)).filter((r) => r !== undefined && r.status === 'ok');
  if (jobs.length !== plan.jobs.length) throw new Error(`${dir}: ${plan.jobs.length - jobs.length} jobs without an ok record`);
  const maxEpochs = Math.min(...jobs.map((r) => r!.epochs.length - 1));
  const stopping = { method: 'asha' as const, metric: 'validation_accuracy' as const, minEpochs: min, maxEpochs, reductionFactor: eta };
  const rungs = rungEpochs(stopping);
  const results = new Map<string, RungResult>();
  jobs.forEach((record, trial) => rungs.forEach((epochs, rung) => results.set(key(trial, rung), { status: 'ok', value: record!.epochs[epochs].validation_accuracy })));
  const state = ashaDecisions({ trials: jobs.length, rungs, reductionFactor: eta, metric: stopping.metric, results, journaled: [] });

  const top = (r: number) => state.trials.map((s, trial) => ({ s, trial })).filter(({ s }) => s.rung >= r);
  const reachedRung = (trial: number) => state.trials[trial].rung;
  const highest = Math.max(...state.trials.map((s) => s.rung));
  const ashaBest = top(highest).map(({ trial }) => ({ trial, value: results.get(key(trial, highest))!.value! })).sort((a, b) => b.value - a.value || a.trial - b.trial)[0];
  const gridBest = jobs.map((r, trial) => ({ trial, value: r!.epochs[maxEpochs].validation_accuracy! })).sort((a, b) => b.value - a.value || a.trial - b.trial)[0];
  const ashaFinal = jobs[ashaBest.trial]!.epochs[maxEpochs].validation_accuracy!;
  const retrained = state.trials.reduce((sum, _, t) => sum + rungs.slice(0, reachedRung(t) + 1).reduce((a, b) => a + b, 0), 0);
  const continued = state.trials.reduce((sum, _, t) => sum + rungs[reachedRung(t)], 0);
  const full = jobs.length * maxEpochs;
  // each job's wall time per epoch in the grid run (its evaluation included), times the epochs ASHA trains it
  const perEpoch = jobs.map((r) => r!.wall_seconds / (r!.epochs.length - 1));
  const gridSeconds = jobs.reduce((n, r) => n + r!.wall_seconds, 0);
  const ashaSeconds = state.trials.reduce((n, _, t) => n + rungs[reachedRung(t)] * perEpoch[t], 0);
  const pct = (x: number) => (100 * x).toFixed(2);
  const label = (trial: number) => JSON.stringify(plan.jobs[trial].settings, ['hidden_sizes', 'learning_rate', 'batch_size']);
  const share = (x: number, of: number) => `${((100 * x) / of).toFixed(0)} %`;
  const lines = [
    `${path.basename(dir)}: ${jobs.length} configurations, rungs ${rungs.join(', ')} epochs (η = ${eta}, min_epochs ${min})`,
    `trials per rung reached: ${rungs.map((_, r) => top(r).length).join(', ')}`,
    `grid best: trial ${gridBest.trial} ${label(gridBest.trial)} ${pct(gridBest.value)} % at ${maxEpochs} epochs`,
    `ASHA best: trial ${ashaBest.trial} ${label(ashaBest.trial)} ${pct(ashaBest.value)} % at rung ${highest} (${rungs[highest]} epochs); the same configuration reaches ${pct(ashaFinal)} % at ${maxEpochs}`,
    `gap to the grid's best: ${(100 * (gridBest.value - ashaBest.value)).toFixed(2)} points (as found), ${(100 * (gridBest.value - ashaFinal)).toFixed(2)} points (trained to ${maxEpochs})`,
    `epochs: grid ${full}; ASHA ${continued} continuing from rung checkpoints (${share(continued, full)}), ${retrained} if each rung retrained from epoch 0 (${share(retrained, full)})`,
    `job time: grid ${(gridSeconds / 60).toFixed(1)} min; ASHA about ${(ashaSeconds / 60).toFixed(1)} min (${share(ashaSeconds, gridSeconds)}, from each job's time per epoch in the grid run)`,
  ];
  return {
    lines,
    gapAsFound: 100 * (gridBest.value - ashaBest.value),
    gapTrained: 100 * (gridBest.value - ashaFinal),
    epochs: { grid: full, continued, retrained },
    seconds: { grid: gridSeconds, asha: ashaSeconds },
    decisions: state.decisions.map((d) => `${d.trial}:${d.rung}:${d.decision}`).sort(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, eta = '3', min = '1'] = process.argv.slice(2);
  for (const line of replayAsha(dir, Number(eta), Number(min)).lines) console.log(line);
}
