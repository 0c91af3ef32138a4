/**
 * `npm run asha-vs-grid [-- --workers N]`: ASHA's best configuration against the full grid's on the study's
 * hyperparameter space (hidden_sizes × learning_rate × batch_size of experiments/hyperparameter-grid.yaml,
 * 18 configurations, to 27 epochs on 2,000 training examples: experiments/asha-vs-grid.yaml). Runs the grid
 * once (resuming whatever results/asha-vs-grid already holds), then replays ASHA's decisions on its curves
 * (scripts/asha-replay.ts: a rung run computes exactly the first epochs of the full run, so nothing is
 * trained twice) for two ladders: η = 3 from 1 epoch (whose last rung expects no trial with 18), and from
 * 3 epochs (the hint `plan` gives for it). Not part of npm test: it takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { replayAsha } from './asha-replay.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const extra = process.argv.slice(2);
const results = path.join(ROOT, 'results');
const run = spawnSync(
  process.execPath,
  [path.join(ROOT, 'bin', 'mlp-sweep.js'), 'run', path.join(ROOT, 'experiments', 'asha-vs-grid.yaml'), '--results', results, '--no-report', ...extra],
  { stdio: 'inherit', cwd: ROOT },
);
if (run.status !== 0) {
  process.exitCode = run.status ?? 1;
} else {
  for (const min of [1, 3]) {
    console.log('');
    for (const line of replayAsha(path.join(results, 'asha-vs-grid'), 3, min).lines) console.log(line);
  }
}
