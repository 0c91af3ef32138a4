import test from 'ava';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectSweep } from '../../src/distributed/slurm/collect.js';
import { runFrozenJob } from '../../src/distributed/slurm/run-job.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { readJournal } from '../../src/journal/read.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { computed, spawnCli, tempDir } from '../helpers/run.js';

const SPACE = `search:
  method: random
  trials: 3
  seed: 7
  space:
    learning_rate: {log_uniform: [0.001, 0.5]}
    init: {choice: [glorot, normal]}
`;
const ASHA = 'early_stopping: {method: asha, min_epochs: 1, max_epochs: 9, reduction_factor: 3}\n';

function write(text: string): string {
  const file = path.join(tempDir(), 'search.yaml');
  writeFileSync(file, text);
  return file;
}

test('mlp-sweep slurm refuses early stopping at its key, and its hint gives a file that freezes every trial in full', async (t) => {
  const file = write(`name: search\nfixed: {hidden_sizes: [8], train_limit: 500}\n${SPACE}${ASHA}`);
  const results = tempDir();
  const refused = await spawnCli(['slurm', file, '--results', results]);
  t.is(refused.code, 1);
  t.regex(
    refused.stderr,
    /search\.yaml:10:1: early_stopping: a Slurm array runs a fixed list of jobs, and ASHA decides each rung's runs from the results of the rung before, as they arrive: run the search with a coordinator, `mlp-sweep run` here or with --queue and `mlp-sweep worker`s .*\(got method: asha, rungs of 1, 3, 9 epochs\)\n {2}hint: or, to train every trial in full on Slurm, delete early_stopping and add epochs: 9 to fixed \(3 jobs of 9 epochs\)\nnothing was written\n$/,
  );
  t.false(existsSync(path.join(results, 'search')), 'nothing was written');

  const fixed = write(`name: search\nfixed: {hidden_sizes: [8], train_limit: 500, epochs: 9}\n${SPACE}`);
  const frozen = await spawnCli(['slurm', fixed, '--results', results]);
  t.is(frozen.code, 0, frozen.stderr);
  t.regex(frozen.stdout, /search: 3 jobs, 3 frozen/);
});

test('a random search without early stopping runs on Slurm: the trials a local run plans, each journaled once by collect, bit-identical', async (t) => {
  const file = write(`name: random-slurm\nfixed: {hidden_sizes: [8], batch_size: 50, epochs: 1, train_limit: 500}\n${SPACE}`);
  const results = tempDir();
  const out = await spawnCli(['slurm', file, '--results', results]);
  t.is(out.code, 0, out.stderr);
  const sweepDir = path.join(results, 'random-slurm');
  const planFile = path.join(sweepDir, 'slurm', readdirSync(path.join(sweepDir, 'slurm'))[0], 'plan.json');
  const { plan } = await loadSweepFile(file);
  for (let i = 0; i < plan.jobs.length; i++) t.is((await runFrozenJob(planFile, i, mnist(), new AbortController().signal)).record?.status, 'ok');
  const collected = collectSweep(sweepDir);
  t.is(collected.appended.length, 3);
  t.deepEqual(collected.missing, []);
  const { records } = readJournal(sweepDir);
  t.deepEqual(records.map((r) => r.id).sort(), plan.jobs.map((j) => j.id).sort(), 'the trials a local run plans');
  t.deepEqual(new Set(plan.jobs.map((j) => j.settings.learning_rate)).size, 3);
  for (const job of plan.jobs) t.deepEqual(computed(records.find((r) => r.id === job.id)!), computed(executeJob(job, mnist())));
});
