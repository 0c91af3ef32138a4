import test, { type ExecutionContext } from 'ava';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FrozenPlanError } from '../../src/distributed/errors.js';
import { planHash } from '../../src/distributed/plan-hash.js';
import { jobId } from '../../src/sweep/ids.js';
import { collectSweep } from '../../src/distributed/slurm/collect.js';
import { freezeSweep } from '../../src/distributed/slurm/freeze.js';
import { runFrozenJob } from '../../src/distributed/slurm/run-job.js';
import { readJournal } from '../../src/journal/read.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { type CliResult, computed, spawnCli, spawnProcess, tempDir } from '../helpers/run.js';

/** Four jobs of a 784-16-10 network on 1,000 examples: each task is mostly its process starting. */
function sweepFile(): string {
  const file = path.join(tempDir(), 'four.yaml');
  writeFileSync(
    file,
    'name: four\nfixed: {hidden_sizes: [16], batch_size: 100, epochs: 2, train_limit: 1000}\ngrid: {learning_rate: [0.1, 0.05]}\nseeds: [1, 2]\n',
  );
  return file;
}

/** Freezes the sweep in-process into a fresh results folder; returns its folders and plan. */
async function freeze(file = sweepFile()) {
  const { plan } = await loadSweepFile(file);
  const results = tempDir();
  const frozen = await freezeSweep({ plan, resultsDir: results, datasetDigest: mnist().digest, maxParallel: 2 });
  return { file, plan, sweepDir: frozen.sweepDir, dir: path.dirname(frozen.planFile!), planFile: frozen.planFile! };
}

/** Runs the array's script as Slurm would run task `index`: bash, with SLURM_ARRAY_TASK_ID set. */
function task(t: ExecutionContext, dir: string, index: number, onStdout?: (text: string, child: ChildProcess) => void): Promise<CliResult> {
  const { child, done } = spawnProcess(
    'bash',
    [path.join(dir, 'array.sbatch')],
    { cwd: tempDir(), env: { ...process.env, SLURM_ARRAY_TASK_ID: String(index) } },
    onStdout,
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return done;
}

test('array tasks run directly, some twice and one killed, then collected: every job journaled once, bit-identical', async (t) => {
  const file = sweepFile();
  const results = tempDir();
  const out = await spawnCli(['slurm', file, '--results', results, '--max-parallel', '2']);
  t.is(out.code, 0, out.stderr);
  t.regex(out.stdout, /four: 4 jobs, 4 frozen/);
  t.regex(out.stdout, /--array=0-3%2/);
  t.regex(out.stdout, /submit with: +sbatch '.*array\.sbatch'/);
  const sweepDir = path.join(results, 'four');
  const dir = path.join(sweepDir, 'slurm', readdirSync(path.join(sweepDir, 'slurm'))[0]);

  // two at a time, as %2 would; task 1 runs twice; task 2 is killed while it trains
  const firsts = await Promise.all([task(t, dir, 0), task(t, dir, 1)]);
  const [again, killed] = await Promise.all([
    task(t, dir, 1),
    task(t, dir, 2, (text, child) => text.includes('running') && child.kill('SIGKILL')),
  ]);
  const last = await task(t, dir, 3);
  for (const r of [...firsts, again, last]) t.is(r.code, 0, r.stderr);
  t.is(killed.signal, 'SIGKILL');
  t.regex(firsts[0].stdout, /^job 0 of 4: four: learning_rate=0\.1 seed=1 \[\w+\] running\n✓ validation/);

  const partial = await spawnCli(['collect', sweepDir, '--no-report']);
  t.is(partial.code, 1, 'a task has no record yet');
  t.regex(partial.stdout, /3 new records journaled, 0 already in the journal/);
  t.regex(partial.stdout, /resubmit: sbatch --array=2 '.*array\.sbatch'/);

  t.is((await task(t, dir, 2)).code, 0);
  const complete = await spawnCli(['collect', sweepDir, '--no-report']);
  t.is(complete.code, 0, complete.stdout + complete.stderr);
  t.regex(complete.stdout, /1 new record journaled, 3 already in the journal/);

  // collecting again changes nothing
  t.is(collectSweep(sweepDir).appended.length, 0);
  const { records, warnings } = readJournal(sweepDir);
  t.deepEqual(warnings, []);
  const { plan } = await loadSweepFile(file);
  t.deepEqual(records.map((r) => r.id).sort(), plan.jobs.map((j) => j.id).sort(), 'each job exactly once');
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const job of plan.jobs) t.deepEqual(computed(byId.get(job.id)!), computed(executeJob(job, mnist())));

  // freezing again: nothing left to submit
  const again2 = await freezeSweep({ plan, resultsDir: results, datasetDigest: mnist().digest, maxParallel: 2 });
  t.is(again2.frozen, null);
  t.deepEqual(again2.skipped, { ok: 4, failed: 0, diverged: 0, stopped: 0 });
});

test('a frozen plan edited after it was frozen is refused, and nothing runs', async (t) => {
  const { dir } = await freeze();
  const file = path.join(dir, 'plan.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"learning_rate": 0.1', '"learning_rate": 0.2'));
  const run = await task(t, dir, 0);
  t.is(run.code, 1);
  t.regex(run.stderr, /plan\.json: jobs\[0\] is refused: its id \w+ is not the content hash of its kind and settings/);
  t.deepEqual(readdirSync(path.join(dir, 'records')), []);
});

test('a frozen plan whose order was changed no longer matches its hash, and is refused', async (t) => {
  const { planFile } = await freeze();
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  plan.jobs.reverse();
  writeFileSync(planFile, JSON.stringify(plan));
  const error = await t.throwsAsync(runFrozenJob(planFile, 0, mnist(), new AbortController().signal), { instanceOf: FrozenPlanError });
  t.regex(error!.message, /no longer match its hash \w{12}…: the plan was changed after it was frozen/);
  t.regex(error!.hint!, /never edit a frozen plan/);
});

test('a frozen plan from another training-code version or dataset is refused', async (t) => {
  const { planFile } = await freeze();
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  writeFileSync(planFile, JSON.stringify({ ...plan, code_version: plan.code_version + 1 }));
  const stop = new AbortController().signal;
  const version = await t.throwsAsync(runFrozenJob(planFile, 0, mnist(), stop), { instanceOf: FrozenPlanError });
  t.regex(version!.message, /frozen by training-code version \d+, and this is version \d+/);
  writeFileSync(planFile, JSON.stringify(plan));
  const other = await t.throwsAsync(runFrozenJob(planFile, 0, { ...mnist(), digest: 'e'.repeat(64) }, stop), { instanceOf: FrozenPlanError });
  t.regex(other!.message, /jobs\[0\] is refused: it was planned on a dataset with digest \w+… and this process has eeeeeeeeeeee…/);
});

test('a task outside the array, or without an index, is refused', async (t) => {
  const { planFile } = await freeze();
  const outside = await t.throwsAsync(runFrozenJob(planFile, 4, mnist(), new AbortController().signal), { instanceOf: FrozenPlanError });
  t.regex(outside!.message, /task 4 is outside the array 0-3/);
  const none = await spawnCli(['run-job', planFile]);
  t.is(none.code, 2);
  t.regex(none.stderr, /give --index <i> \(or run it as a Slurm array task/);
});

test('collect skips, with a warning, a record file that is not one of its frozen plan', async (t) => {
  const { sweepDir, dir, planFile } = await freeze();
  const { record } = await runFrozenJob(planFile, 0, mnist(), new AbortController().signal);
  writeFileSync(path.join(dir, 'records', 'aaaaaaaaaaaa.json'), JSON.stringify({ ...record, id: 'aaaaaaaaaaaa' }));
  writeFileSync(path.join(dir, 'records', 'torn.json'), '{"id": "abc", "sta');
  writeFileSync(path.join(dir, 'records', `.${record!.id}.json.123-abcd.tmp`), '{"id"');
  const collected = collectSweep(sweepDir);
  t.deepEqual(collected.appended.map((r) => r.id), [record!.id]);
  t.is(collected.warnings.length, 2);
  t.regex(collected.warnings[0], /aaaaaaaaaaaa\.json: job four\/aaaaaaaaaaaa is not in its frozen plan; skipped/);
  t.regex(collected.warnings[1], /torn\.json: not a readable record/);
  t.deepEqual(collected.missing.map((m) => m.indices), [[1, 2, 3]]);
  t.deepEqual(readJournal(sweepDir).records.map((r) => r.id), [record!.id]);
});

test('a frozen plan edited and re-hashed consistently is refused by its folder name; collect says so, not "no frozen plan"', async (t) => {
  const { sweepDir, dir, planFile } = await freeze();
  const { record } = await runFrozenJob(planFile, 0, mnist(), new AbortController().signal);
  // a careful edit: a new learning rate, its job id and the plan's hash recomputed
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  plan.jobs[1].settings.learning_rate = 7;
  plan.jobs[1].id = jobId(plan.jobs[1].kind, plan.jobs[1].settings);
  plan.plan_hash = planHash({ sweep: plan.sweep, code_version: plan.code_version, dataset_digest: plan.dataset_digest, jobs: plan.jobs });
  writeFileSync(planFile, JSON.stringify(plan));

  const run = await task(t, dir, 1);
  t.is(run.code, 1);
  t.regex(run.stderr, /plan\.json: its hash \w{12}… is not the one its folder \w{12} was named after when it was frozen/);
  t.deepEqual(readdirSync(path.join(dir, 'records')), [`${record!.id}.json`]);

  const collected = await spawnCli(['collect', sweepDir, '--no-report']);
  t.is(collected.code, 1);
  t.regex(collected.stderr, /its records are not collected/);
  t.regex(collected.stderr, /1 frozen plan was refused \(warnings above\): nothing collected/);
  t.notRegex(collected.stderr, /no frozen plan/);
  t.deepEqual(readJournal(sweepDir).records, []);
});

test('collect refuses a record whose settings differ from its frozen job, and takes the planned fields of the others', async (t) => {
  const { sweepDir, dir, planFile } = await freeze();
  const first = (await runFrozenJob(planFile, 0, mnist(), new AbortController().signal)).record!;
  const second = (await runFrozenJob(planFile, 1, mnist(), new AbortController().signal)).record!;
  writeFileSync(path.join(dir, 'records', `${first.id}.json`), JSON.stringify({ ...first, settings: { ...first.settings, hidden_sizes: [4096, 4096] } }));
  writeFileSync(path.join(dir, 'records', `${second.id}.json`), JSON.stringify({ ...second, name: '@SUM(A1)', index: 99 }));
  const collected = collectSweep(sweepDir);
  t.deepEqual(collected.appended.map((r) => r.id), [second.id]);
  t.like(collected.appended[0], { name: second.name, index: second.index });
  t.is(collected.warnings.length, 1);
  t.regex(collected.warnings[0], /a record whose settings differ from the job's \(hidden_sizes: \[4096,4096\] for \[16\]\), not one of its frozen plan; skipped/);
});
