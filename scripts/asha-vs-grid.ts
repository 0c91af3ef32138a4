/**
 * `npm run asha-vs-grid [-- --workers N] [--verify]`: ASHA's best configuration against the full grid's on
 * the study's hyperparameter space (hidden_sizes × learning_rate × batch_size of
 * experiments/hyperparameter-grid.yaml, 18 configurations, to 27 epochs on 2,000 training examples:
 * experiments/asha-vs-grid.yaml). Runs the grid once (resuming whatever results/asha-vs-grid already holds),
 * then replays ASHA's decisions on its curves (scripts/asha-replay.ts: a rung run computes exactly the first
 * epochs of the full run, so nothing is trained twice) for two ladders: η = 3 from 1 epoch (whose last rung
 * expects no trial with 18), and from 3 epochs (the fix `plan` hints). `--verify` also runs the second as a
 * real ASHA search (results/asha-vs-grid-asha) and checks that its decisions are the replay's and its
 * complete trials' records the grid's, bit for bit, and prints the epochs it trained. Not part of npm test.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readDecisions } from '../src/journal/decisions.js';
import { latestById, readJournal } from '../src/journal/read.js';
import type { JobRecord } from '../src/journal/record.js';
import { replayAsha } from './asha-replay.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GRID = path.join(ROOT, 'experiments', 'asha-vs-grid.yaml');
const verify = process.argv.includes('--verify');
const extra = process.argv.slice(2).filter((a) => a !== '--verify');
const results = path.join(ROOT, 'results');

function run(file: string): boolean {
  const cli = [path.join(ROOT, 'bin', 'mlp-sweep.js'), 'run', file, '--results', results, '--no-report', ...extra];
  return spawnSync(process.execPath, cli, { stdio: 'inherit', cwd: ROOT }).status === 0;
}

/** The fields training computes: what a continued rung must give bit for bit. */
const computed = (r: JobRecord) => JSON.stringify([r.status, r.test, r.epochs.map(({ train_seconds: _, ...m }) => m)]);

function verifyAsha(replayed: readonly string[]): string[] {
  // the grid's own file with early stopping from 3 epochs: the same trials (epochs = max_epochs, so the same ids)
  const file = path.join(tmpdir(), 'asha-vs-grid-asha.yaml');
  const grid = readFileSync(GRID, 'utf8').replace('name: asha-vs-grid', 'name: asha-vs-grid-asha').replace(/\n  epochs: 27\n/, '\n');
  writeFileSync(file, `${grid}early_stopping: {method: asha, min_epochs: 3, max_epochs: 27, reduction_factor: 3}\n`);
  if (!run(file)) throw new Error('the ASHA search did not finish');
  const dir = path.join(results, 'asha-vs-grid-asha');
  const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')) as { jobs: { id: string; index: number }[] };
  const real = readDecisions(dir).decisions.map((d) => `${d.trial}:${d.rung}:${d.decision}`).sort();
  const records = [...latestById(readJournal(dir).records).values()];
  const gridRecords = latestById(readJournal(path.join(results, 'asha-vs-grid')).records);
  const complete = plan.jobs.map((job) => records.find((r) => r.id === job.id)).filter((r) => r?.status === 'ok') as JobRecord[];
  const same = complete.filter((r) => computed(r) === computed(gridRecords.get(r.id)!)).length;
  const trained = records.filter((r) => r.status !== 'stopped').reduce((n, r) => n + (r.epochs.at(-1)?.epoch ?? 0) - ((r.continued_from?.epoch ?? 1) - 1), 0);
  const seconds = records.filter((r) => r.status !== 'stopped').reduce((n, r) => n + r.wall_seconds, 0);
  return [
    `real ASHA search (min_epochs 3): decisions ${JSON.stringify(real) === JSON.stringify(replayed) ? 'equal' : 'DIFFER from'} the replay's (${real.length})`,
    `  ${same} of ${complete.length} complete trials bit-identical to the grid's records; ${trained} epochs trained, ${(seconds / 60).toFixed(1)} job-minutes`,
  ];
}

if (!run(GRID)) {
  process.exitCode = 1;
} else {
  let fromThree: string[] = [];
  for (const min of [1, 3]) {
    console.log('');
    const replay = replayAsha(path.join(results, 'asha-vs-grid'), 3, min);
    for (const line of replay.lines) console.log(line);
    if (min === 3) fromThree = replay.decisions;
  }
  if (verify) {
    console.log('');
    for (const line of verifyAsha(fromThree)) console.log(line);
  }
}
