import test from 'ava';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { PoolLauncher } from '../../src/launch/pool.js';
import { readJournal } from '../../src/journal/read.js';
import { runPlans } from '../../src/run/coordinator.js';
import type { RunEvent } from '../../src/run/events.js';
import { mnist } from '../helpers/mnist.js';
import { computed, tempDir, tinyPlan } from '../helpers/run.js';
import { planOf } from '../helpers/sweeps.js';
import path from 'node:path';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { journalText, recordOf } from '../helpers/records.js';

const inProcess = () => new InProcessLauncher(mnist());

test('every job is journaled once, and the plan is saved beside the journal', async (t) => {
  const results = tempDir();
  const plan = tinyPlan();
  const summary = await runPlans([plan], inProcess(), { resultsDir: results });
  t.is(summary.ok, 4);
  const dir = path.join(results, 'tiny');
  t.deepEqual(readJournal(dir).records.map((r) => r.id), plan.jobs.map((j) => j.id));
  const saved = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  t.deepEqual(saved.jobs, plan.jobs);
  t.false(existsSync(path.join(dir, '.lock')));
});

test('running again skips every job already ok, by id', async (t) => {
  const results = tempDir();
  await runPlans([tinyPlan()], inProcess(), { resultsDir: results });
  const events: RunEvent[] = [];
  const summary = await runPlans([tinyPlan()], inProcess(), { resultsDir: results, onEvent: (e) => events.push(e) });
  t.is(summary.skipped, 4);
  t.is(summary.ok, 0);
  t.is(readJournal(path.join(results, 'tiny')).records.length, 4);
  t.like(events.find((e) => e.type === 'sweep'), { to_run: 0, skipped: { ok: 4, failed: 0, diverged: 0 } });
});

test('adding a grid value runs only the new points', async (t) => {
  const results = tempDir();
  await runPlans([tinyPlan('tiny', [1, 2], [0.1, 0.05])], inProcess(), { resultsDir: results });
  const summary = await runPlans([tinyPlan('tiny', [1, 2], [0.1, 0.05, 0.02])], inProcess(), { resultsDir: results });
  t.is(summary.ok, 2);
  t.is(summary.skipped, 4);
  const ids = readJournal(path.join(results, 'tiny')).records.map((r) => r.id);
  t.is(new Set(ids).size, 6);
  t.is(ids.length, 6);
});

const mixed = () =>
  planOf(`
name: mixed
fixed: {hidden_sizes: [8], epochs: 1, train_limit: 300, batch_size: 100}
runs:
  fine: {learning_rate: 0.1}
  throws: {kernels: wasm, precision: float64}
  diverges: {hidden_sizes: [], learning_rate: 1.0e+38, kernels: reference}
`);

test('failed and diverged jobs are kept on resume, and rerun with --retry-failed', async (t) => {
  const results = tempDir();
  const first = await runPlans([mixed()], inProcess(), { resultsDir: results });
  t.like(first, { ok: 1, failed: 1, diverged: 1 });
  const again = await runPlans([mixed()], inProcess(), { resultsDir: results });
  t.like(again, { ok: 0, failed: 0, diverged: 0, skipped: 3 });
  const retried = await runPlans([mixed()], inProcess(), { resultsDir: results, retryFailed: true });
  t.like(retried, { ok: 0, failed: 1, diverged: 1, skipped: 1 });
  const forced = await runPlans([mixed()], inProcess(), { resultsDir: results, force: true });
  t.like(forced, { ok: 1, failed: 1, diverged: 1, skipped: 0 });
});

test('--fail-fast stops at the first failure and keeps what finished', async (t) => {
  const results = tempDir();
  const summary = await runPlans([mixed()], inProcess(), { resultsDir: results, failFast: true });
  t.like(summary, { ok: 1, failed: 1, diverged: 0, not_run: 1, stopped_by_failure: true });
  t.is(readJournal(path.join(results, 'mixed')).records.length, 2);
});

test('a failing job does not stop the others', async (t) => {
  const summary = await runPlans([mixed()], new PoolLauncher(mnist(), { workers: 2 }), { resultsDir: tempDir() });
  t.like(summary, { ok: 1, failed: 1, diverged: 1 });
});

test('the same sweep gives bit-identical metrics in-process, on 1 worker and on 2', async (t) => {
  const plan = tinyPlan('same', [1, 2, 3], [0.1, 0.05]);
  const outcomes = [];
  for (const make of [inProcess, () => new PoolLauncher(mnist(), { workers: 1 }), () => new PoolLauncher(mnist(), { workers: 2 })]) {
    const results = tempDir();
    const launcher = make();
    await runPlans([plan], launcher, { resultsDir: results });
    await launcher.close();
    const records = readJournal(path.join(results, 'same')).records.map(computed);
    outcomes.push(records.sort((a, b) => a.id.localeCompare(b.id)));
  }
  t.is(outcomes[0].length, 6);
  t.deepEqual(outcomes[1], outcomes[0]);
  t.deepEqual(outcomes[2], outcomes[0]);
});

test('a stop request ends the run without new jobs and marks it interrupted', async (t) => {
  const results = tempDir();
  const stop = new AbortController();
  const summary = await runPlans([tinyPlan('stops', [1, 2, 3], [0.1, 0.05])], inProcess(), {
    resultsDir: results,
    signal: stop.signal,
    onEvent: (e) => {
      if (e.type === 'job-end') stop.abort();
    },
  });
  t.true(summary.interrupted);
  t.is(summary.ok, 1);
  t.is(summary.not_run, 5);
  t.is(readJournal(path.join(results, 'stops')).records.length, 1);
});


test('a journal line of only an id and "ok", or an ok record whose settings were changed, does not skip its job', async (t) => {
  const results = tempDir();
  const plan = tinyPlan('untrusted', [1], [0.1, 0.05]);
  const [a, b] = plan.jobs;
  const forged = { ...recordOf(b, 'ok'), settings: { ...b.settings, learning_rate: 0.5 } };
  mkdirSync(path.join(results, 'untrusted'));
  writeFileSync(path.join(results, 'untrusted', 'journal.jsonl'), journalText([{ id: a.id, status: 'ok' }, forged]));
  const events: RunEvent[] = [];
  const summary = await runPlans([plan], inProcess(), { resultsDir: results, onEvent: (e) => events.push(e) });
  t.is(summary.skipped, 0);
  t.is(summary.ok, 2);
  const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  t.is(warnings.length, 2);
  t.regex(warnings[0], /journal\.jsonl:2: the record of job [0-9a-f]{12} is not that job's: the content hash of its settings is/);
  t.regex(warnings[1], /journal\.jsonl:1: the record of job [0-9a-f]{12} lacks or has unreadable .*; not trusted, so the job counts as not run/);
});
