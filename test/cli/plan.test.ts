import path from 'node:path';
import test from 'ava';
import { formatPlanText, planToJson, type PlannedSweep } from '../../src/cli/commands/plan-view.js';
import type { JobStatus } from '../../src/journal/record.js';
import { runCli } from '../helpers/cli.js';
import { planOf, SWEEP_FIXTURES } from '../helpers/sweeps.js';
import { tempDirWith } from '../helpers/temp-dir.js';
import { journalText, recordOf } from '../helpers/records.js';

const YAML = `name: small
description: two inits, two seeds
fixed: {hidden_sizes: [100], epochs: 2, train_limit: 1000}
runs:
  tiny: {hidden_sizes: [10]}
grid:
  init: [zeros, glorot]
seeds: [1, 2]`;

function planned(statuses: Record<string, JobStatus> = {}): PlannedSweep {
  return { file: 'small.yaml', sweep: {} as never, plan: planOf(YAML), notices: [], statuses: new Map(Object.entries(statuses)) };
}

test('the plan table shows id, status, name, the varying settings and seed, then the counts, the work and the disk', (t) => {
  const sweep = planned();
  const [a, b, c, d, e, f] = sweep.plan.jobs.map((job) => job.id);
  const done = planned({ [a]: 'ok', [c]: 'diverged', [d]: 'failed' });
  t.is(
    formatPlanText([done], 2),
    `small (small.yaml): two inits, two seeds

  #  id            status    name  hidden_sizes  init    seed
  0  ${a}  ok        tiny  [10]          glorot  1
  1  ${b}  pending   tiny  [10]          glorot  2
  2  ${c}  diverged  -     [100]         zeros   1
  3  ${d}  failed    -     [100]         zeros   2
  4  ${e}  pending   -     [100]         glorot  1
  5  ${f}  pending   -     [100]         glorot  2

  1 ok, 1 diverged, 1 failed, 3 pending
  work: 6 jobs, 252.0 k examples, 0.03 TFLOP; about 341ms on 2 workers (682ms on one)
  disk: up to 1.30 MB of checkpoints while it runs (one per running job, deleted as each is journaled); models not kept (keep: final would take 1.36 MB)

(times assume 45 GFLOP/s per worker for auto kernels (benchmark default))
`,
  );
});

test('the JSON plan gives every job its full settings, status and estimate', (t) => {
  const json = planToJson([planned()], 2) as { ok: boolean; sweeps: { name: string; jobs: Record<string, unknown>[] }[] };
  t.true(json.ok);
  t.is(json.sweeps[0].name, 'small');
  const job = json.sweeps[0].jobs[2];
  t.like(job, { index: 2, name: null, status: 'pending', varying: { hidden_sizes: [100], init: 'zeros' } });
  t.like(job.settings, { init: 'zeros', seed: 1, epochs: 2, train_limit: 1000 });
  t.like(job.estimate, { examples: 2000 + 30_000 + 10_000 });
});

test('plan exits 0 and marks the jobs the journal has results for', async (t) => {
  const results = tempDirWith(t, {});
  const first = await runCli(['plan', 'experiments/quick.yaml', '--json', '--results', results]);
  t.is(first.code, 0, first.stderr);
  const job = JSON.parse(first.stdout).sweeps[0].jobs[0];
  const id = job.id;
  const record = recordOf({ id, index: 0, kind: 'train', sweep: 'quick', name: job.name, settings: job.settings, varying: job.varying }, 'ok');
  const withJournal = tempDirWith(t, { 'quick/journal.jsonl': journalText([record]) });
  const run = await runCli(['plan', 'experiments/quick.yaml', '--results', withJournal, '--workers', '2']);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, new RegExp(`\\n  0   ${id}  ok `));
  t.regex(run.stdout, /1 ok, 0 diverged, 0 failed, 17 pending/);
});

test('plan exits 1 and prints every problem on stderr when a file is invalid', async (t) => {
  const run = await runCli(['plan', path.join(SWEEP_FIXTURES, 'wrong-type.yaml')]);
  t.is(run.code, 1);
  t.is(run.stdout, '');
  t.is(
    run.stderr,
    `${path.join(SWEEP_FIXTURES, 'wrong-type.yaml')}:4:18: fixed.learning_rate: must be a number (got "0.1")\n` +
      '  hint: write it without quotes: 0.1\n' +
      '1 problem; nothing was planned\n',
  );
});

test('plan exits 2 for wrong usage', async (t) => {
  t.is((await runCli(['plan'])).code, 2);
  t.is((await runCli(['plan', 'experiments/quick.yaml', '--max-jobs', 'many'])).code, 2);
});

test('--max-jobs refuses a plan over it', async (t) => {
  const run = await runCli(['plan', 'experiments/quick.yaml', '--max-jobs', '10']);
  t.is(run.code, 1);
  t.regex(run.stderr, /quick\.yaml:13:1: grid: gives more jobs than the limit of 10 \(got up to 18 jobs\)/);
});
