/**
 * `npm run reproduce`: the classic study from its sweep files. Runs baseline, init-methods,
 * hyperparameter-search and gradient-check on every core (resuming whatever is already in
 * results/), rebuilds their reports, then prints the wall time and the training examples per second
 * sustained. The reports under results/ are committed, so readers see the outcome without running.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readJournal, latestById } from '../src/journal/read.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SWEEPS = ['baseline', 'init-methods', 'hyperparameter-search', 'gradient-check'];
const extra = process.argv.slice(2);

const t0 = performance.now();
const run = spawnSync(
  process.execPath,
  [path.join(ROOT, 'bin', 'mlp-sweep.js'), 'run', ...SWEEPS.map((s) => path.join(ROOT, 'experiments', `${s}.yaml`)), ...extra],
  { stdio: 'inherit', cwd: ROOT },
);
const wall = (performance.now() - t0) / 1000;

let examples = 0;
let jobSeconds = 0;
for (const sweep of SWEEPS) {
  for (const record of latestById(readJournal(path.join(ROOT, 'results', sweep)).records).values()) {
    const trainLimit = record.settings.train_limit ?? 50_000;
    examples += trainLimit * Math.max(0, record.epochs.length - 1);
    jobSeconds += record.wall_seconds;
  }
}
process.stdout.write(
  `\nreproduce: wall ${(wall / 60).toFixed(1)} min this invocation; the journals hold ${(examples / 1e6).toFixed(2)} M ` +
    `training examples over ${(jobSeconds / 60).toFixed(1)} job-minutes ` +
    `(${Math.round(examples / jobSeconds)} examples/s per worker, all evaluation included)\n`,
);
process.exitCode = run.status ?? 1;
