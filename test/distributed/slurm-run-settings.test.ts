import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { peekPosition } from '../../src/distributed/queue/attached-checkpoint.js';
import { collectSweep } from '../../src/distributed/slurm/collect.js';
import { freezeSweep } from '../../src/distributed/slurm/freeze.js';
import { readFrozenPlan } from '../../src/distributed/slurm/frozen-plan.js';
import { runFrozenJob } from '../../src/distributed/slurm/run-job.js';
import { FrozenPlanError } from '../../src/distributed/errors.js';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import { modelFile } from '../../src/journal/checkpoint/model-file.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { spawnCli, tempDir } from '../helpers/run.js';

/** One job of one long epoch (500 batches of 10): checkpoints inside it show whether checkpoint_every_s is honoured. */
async function frozen(runLines: string, run?: Parameters<typeof freezeSweep>[0]['run']) {
  const file = path.join(tempDir(), 'one.yaml');
  writeFileSync(file, `name: one\nfixed: {hidden_sizes: [16], batch_size: 10, epochs: 1, train_limit: 5000, kernels: wasm}\n${runLines}`);
  const { plan } = await loadSweepFile(file);
  const out = await freezeSweep({ plan, resultsDir: tempDir(), datasetDigest: mnist().digest, maxParallel: 1, run });
  return { file, job: plan.jobs[0], sweepDir: out.sweepDir, planFile: out.planFile!, dir: path.dirname(out.planFile!) };
}

/** Runs task 0 to its end, watching its checkpoint file: the positions it was seen at. */
async function watchedTask(planFile: string, jobId: string) {
  const file = checkpointFile(path.dirname(planFile), jobId);
  const seen: string[] = [];
  const poll = setInterval(() => {
    try {
      const position = peekPosition(readFileSync(file));
      if (position) seen.push(`${position.epoch}.${position.batch}`);
    } catch {
      // not there (yet, or any more)
    }
  }, 2);
  try {
    const run = await runFrozenJob(planFile, 0, mnist(), new AbortController().signal);
    return { record: run.record!, seen };
  } finally {
    clearInterval(poll);
  }
}

test("the frozen plan carries the sweep's run settings, and its tasks honour them: checkpoint_every_s within an epoch, keep: final", async (t) => {
  const { job, sweepDir, planFile, dir } = await frozen('checkpoint_every_s: 0.01\nkeep: final\n');
  t.deepEqual(readFrozenPlan(planFile, null).run, { checkpoint: true, checkpoint_every_s: 0.01, keep: 'final' });
  const { record, seen } = await watchedTask(planFile, job.id);
  t.is(record.status, 'ok');
  t.true(seen.some((p) => p.startsWith('1.')), `checkpoints inside the epoch (seen at ${[...new Set(seen)].join(', ')})`);
  t.true(existsSync(modelFile(dir, job.id)), 'the task kept its model beside the frozen plan');
  const collected = collectSweep(sweepDir);
  t.is(collected.appended.length, 1);
  t.deepEqual(collected.warnings, []);
  t.true(existsSync(modelFile(sweepDir, job.id)), "collect moved it to the sweep's models/");
  t.false(existsSync(modelFile(dir, job.id)));
});

test('checkpoint: false in the sweep file (or --no-checkpoint) reaches the tasks: they write no checkpoint', async (t) => {
  const { job, planFile } = await frozen('checkpoint: false\n');
  t.false(readFrozenPlan(planFile, null).run.checkpoint);
  const { record, seen } = await watchedTask(planFile, job.id);
  t.is(record.status, 'ok');
  t.deepEqual(seen, []);

  const cli = await frozen('', { checkpoint: false, keep: 'final' });
  t.like(readFrozenPlan(cli.planFile, null).run, { checkpoint: false, keep: 'final' });
});

test('mlp-sweep slurm says how the tasks checkpoint, with --keep-models and --no-checkpoint over the sweep file', async (t) => {
  const file = path.join(tempDir(), 'two.yaml');
  writeFileSync(file, 'name: two\nfixed: {hidden_sizes: [8], epochs: 1, train_limit: 500}\nseeds: [1, 2]\ncheckpoint_every_s: 30\n');
  const results = tempDir();
  const plain = await spawnCli(['slurm', file, '--results', results]);
  t.is(plain.code, 0, plain.stderr);
  t.regex(plain.stdout, /tasks: +checkpoint after every epoch and every 30 s within one; keep no models/);
  const other = await spawnCli(['slurm', file, '--results', tempDir(), '--keep-models', '--no-checkpoint']);
  t.regex(other.stdout, /tasks: +write no checkpoints; keep their trained models/);
});

test('a frozen plan without run settings (frozen before they were carried) runs with the defaults; invalid ones are refused', async (t) => {
  const { planFile } = await frozen('');
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  delete plan.run;
  writeFileSync(planFile, JSON.stringify(plan));
  t.deepEqual(readFrozenPlan(planFile, null).run, { checkpoint: true, checkpoint_every_s: 60, keep: 'none' });
  writeFileSync(planFile, JSON.stringify({ ...plan, run: { checkpoint: true, checkpoint_every_s: -1, keep: 'all' } }));
  const error = t.throws(() => readFrozenPlan(planFile, null), { instanceOf: FrozenPlanError });
  t.regex(error!.message, /its run settings are not valid \(run\.checkpoint_every_s must be > 0; run\.keep must be equal to one of the allowed values\)/);
});
