/**
 * Writes the results-folder fixtures of the report tests, test/fixtures/results/<sweep>/, from real
 * training runs on small settings (a hidden layer of 64, 5,000 training examples), so the curves and
 * figures look like the real thing. Run it only to change the fixtures, then regenerate the golden files:
 *
 *   npm run build && node dist/test/helpers/report/generate-results.js && UPDATE_GOLDEN=1 npx ava test/report
 *
 * Times (wall_seconds, finished_at) are measured, so a rerun changes them; everything else is deterministic.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TRAINING_CODE_VERSION } from '../../../src/core/version.js';
import type { Dataset } from '../../../src/data/dataset.js';
import type { JobRecord } from '../../../src/journal/record.js';
import { executeJob, failedRecord as runnerFailedRecord } from '../../../src/execute/execute-job.js';
import type { Job, Plan } from '../../../src/sweep/job.js';
import { mnist } from '../mnist.js';
import { planOf } from '../sweeps.js';
import { RESULTS_FIXTURES } from './fixtures.js';

const CREATED_AT = '2025-06-02T09:00:00.000Z';
let clock = Date.parse('2025-06-02T09:00:05.000Z');

function planFile(plan: Plan): string {
  const file = { sweep: plan.sweep, description: plan.description, created_at: CREATED_AT, code_version: TRAINING_CODE_VERSION, jobs: plan.jobs };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The record the runner would write (a gradcheck job's carries its check), on a fixture clock and worker. */
function trainedRecord(job: Job, dataset: Dataset): JobRecord {
  const record = executeJob(job, dataset);
  clock += Math.round(record.wall_seconds * 1000);
  return { ...record, finished_at: new Date(clock).toISOString(), worker: 'fixture:1/1' };
}

/** A failed job's record, as the runner writes one when the worker throws `name: message`. */
function failedRecord(job: Job, name: string, message: string): JobRecord {
  clock += 120;
  const error = Object.assign(new Error(message), { name });
  error.stack = `${name}: ${message}\n    at worker (fixture)`;
  return { ...runnerFailedRecord(job, error, 0.12, 'fixture'), finished_at: new Date(clock).toISOString(), worker: 'fixture:1/1' };
}

function line(record: object): string {
  return JSON.stringify(record);
}

function writeSweep(name: string, plan: Plan | null, lines: string[]): void {
  const dir = path.join(RESULTS_FIXTURES, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (plan !== null) writeFileSync(path.join(dir, 'plan.json'), planFile(plan));
  writeFileSync(path.join(dir, 'journal.jsonl'), lines.map((l) => `${l}\n`).join(''));
}

const SMALL = 'hidden_sizes: [64], epochs: 5, train_limit: 5000';

function main(): void {
  const dataset = mnist();

  // A finished grid: 5 learning rates × 2 batch sizes × 3 seeds = 30 jobs, all ok.
  const grid = planOf(`name: lr-batch
description: Learning rate × batch size on a 784-64-10 network, 5,000 training examples, three seeds.
fixed: {${SMALL}}
grid:
  learning_rate: [0.3, 0.1, 0.03, 0.01, 0.003]
  batch_size: [50, 200]
seeds: [1, 2, 3]`);
  writeSweep('lr-batch', grid, grid.jobs.map((job) => line(trainedRecord(job, dataset))));

  // A partial sweep: 3 of 8 jobs done, and the 4th cut short mid-write.
  const partial = planOf(`name: partial
description: Depth × learning rate, two seeds; stopped after three jobs.
fixed: {epochs: 4, train_limit: 5000}
grid:
  hidden_sizes: [[32], [64, 32]]
  learning_rate: [0.1, 0.01]
seeds: [1, 2]`);
  const done = partial.jobs.slice(0, 4).map((job) => line(trainedRecord(job, dataset)));
  done[3] = done[3].slice(0, Math.floor(done[3].length / 2));
  writeSweep('partial', partial, done);
  // A torn line has no newline at its end: the write stopped before it.
  const partialJournal = path.join(RESULTS_FIXTURES, 'partial', 'journal.jsonl');
  writeFileSync(partialJournal, readFileSync(partialJournal, 'utf8').replace(/\n$/, ''));

  // Failed and diverged jobs, one seed each (no folding): a ReLU network at a learning rate of 1e30
  // diverges (its loss turns NaN in the first batches); one job failed and was re-run (its ok record
  // comes last and wins); one failed for good.
  const troubled = planOf(`name: troubled
description: Softmax regression and one hidden layer, at a sane and an absurd learning rate.
fixed: {epochs: 5, train_limit: 5000}
grid:
  hidden_sizes: [[], [64]]
  learning_rate: [0.1, 1e30]`);
  const lines: string[] = [];
  for (const job of troubled.jobs) {
    const { hidden_sizes: sizes, learning_rate: rate } = job.settings;
    if (sizes.length === 1 && rate === 0.1) {
      lines.push(line(failedRecord(job, 'WorkerCrash', 'the worker thread exited with code 1 while training')));
    }
    if (sizes.length === 0 && rate === 1e30) {
      lines.push(line(failedRecord(job, 'DatasetError', 'cannot read MNIST: data/train-images-idx3-ubyte is 0 bytes | expected 47040016')));
      continue;
    }
    lines.push(line(trainedRecord(job, dataset)));
  }
  writeSweep('troubled', troubled, lines);

  // An older run: no plan.json, and records without wall_seconds, test, settings.precision, epochs' train_seconds
  // (nor kind and gradcheck, which came later and may be absent).
  const older = planOf(`name: older
fixed: {${SMALL}}
grid:
  learning_rate: [0.1, 0.03]`);
  writeSweep(
    'older',
    null,
    older.jobs.map((job) => {
      const { wall_seconds: _w, test: _t, kind: _k, gradcheck: _g, ...record } = trainedRecord(job, dataset) as Partial<JobRecord>;
      const { precision: _p, ...settings } = record.settings!;
      const epochs = record.epochs!.map(({ train_seconds: _s, ...e }) => e);
      return line({ ...record, settings, epochs });
    }),
  );

  // A gradient-check job: trained 2 epochs, then its gradients checked; its record carries both.
  const check = planOf(`name: gradient-check
kind: gradcheck
description: backprop against central differences on every tensor, after 2 epochs
fixed: {hidden_sizes: [32, 16], epochs: 2, train_limit: 5000}`);
  writeSweep('gradient-check', check, [line(trainedRecord(check.jobs[0], dataset))]);
}

main();
