/**
 * The launcher contract suite: every launcher runs it (see *.test.ts beside this file).
 * A launcher turns each job into exactly one record with a status, never throws for a job's own
 * failure, resolves null for a job stopped by its signal, and computes what the others compute.
 */
import type { TestFn } from 'ava';
import type { Launcher } from '../../src/launch/launcher.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { computed, tinyPlan } from './run.js';
import { mnist } from './mnist.js';
import { planOf } from './sweeps.js';

export function launcherContract(test: TestFn, name: string, make: () => Launcher): void {
  test(`${name}: a job runs to an ok record with every epoch and the test metrics`, async (t) => {
    const launcher = make();
    const [job] = tinyPlan().jobs;
    const record = await launcher.run(job, new AbortController().signal);
    await launcher.close();
    t.truthy(record);
    t.is(record!.status, 'ok');
    t.is(record!.id, job.id);
    t.deepEqual(record!.settings, job.settings);
    t.deepEqual(record!.epochs.map((e) => e.epoch), [0, 1, 2]);
    t.truthy(record!.test);
    t.is(record!.dataset_digest, mnist().digest);
  });

  test(`${name}: a job reports its start once, before its epochs`, async (t) => {
    const launcher = make();
    const [job] = tinyPlan('starts').jobs;
    const seen: string[] = [];
    await launcher.run(job, new AbortController().signal, {
      onStart: (id) => seen.push(`start ${id}`),
      onEpoch: (_id, m) => seen.push(`epoch ${m.epoch}`),
    });
    await launcher.close();
    t.is(seen[0], `start ${job.id}`);
    t.is(seen.filter((s) => s.startsWith('start')).length, 1);
  });

  test(`${name}: the records are bit-identical to a direct run of the same jobs`, async (t) => {
    const launcher = make();
    const jobs = tinyPlan().jobs;
    const signal = new AbortController().signal;
    const records = await Promise.all(jobs.map((job) => launcher.run(job, signal)));
    await launcher.close();
    const direct = jobs.map((job) => executeJob(job, mnist()));
    t.deepEqual(records.map((r) => computed(r!)), direct.map(computed));
  });

  test(`${name}: a job that throws becomes a failed record with its message`, async (t) => {
    const launcher = make();
    // the wasm set is float32 only: a float64 job that asks for it throws when it builds its model
    const [job] = planOf(
      'name: throws\nfixed: {hidden_sizes: [8], epochs: 1, train_limit: 200, kernels: wasm, precision: float64}',
    ).jobs;
    const record = await launcher.run(job, new AbortController().signal);
    await launcher.close();
    t.is(record!.status, 'failed');
    t.regex(record!.error!.message, /kernel set "wasm" has no float64 path/);
    t.deepEqual(record!.epochs, []);
  });

  test(`${name}: a job whose loss turns non-finite is recorded as diverged with its metrics so far`, async (t) => {
    const launcher = make();
    const [job] = planOf(
      'name: diverges\nfixed: {hidden_sizes: [], epochs: 2, train_limit: 1000, learning_rate: 1e38, kernels: reference}',
    ).jobs;
    const record = await launcher.run(job, new AbortController().signal);
    await launcher.close();
    t.is(record!.status, 'diverged');
    t.is(record!.epochs.length, 1);
    t.is(record!.divergence!.epoch, 1);
    t.is(record!.test, null);
  });

  test(`${name}: a job stopped by its signal before it ends has no record`, async (t) => {
    const launcher = make();
    const [job] = tinyPlan().jobs;
    const stop = new AbortController();
    stop.abort();
    t.is(await launcher.run(job, stop.signal), null);
    await launcher.close();
  });
}
