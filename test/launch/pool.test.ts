import test from 'ava';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PoolLauncher } from '../../src/launch/pool.js';
import { PoolThreads } from '../../src/launch/pool-threads.js';
import { mnist } from '../helpers/mnist.js';
import { tempDir, tinyPlan } from '../helpers/run.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';
import { launcherContract } from '../helpers/launcher-contract.js';

launcherContract(test, 'pool of 2', () => new PoolLauncher(mnist(), { workers: 2 }));

test('a worker that dies fails only its own job, and the pool replaces it', async (t) => {
  // the fixture worker exits its thread for the job with seed 2 and runs the others normally
  const workerFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', 'exits-on-seed-2.js');
  const launcher = new PoolLauncher(mnist(), { workers: 1, workerFile });
  const jobs = tinyPlan('dies', [1, 2, 3], [0.1]).jobs;
  const signal = new AbortController().signal;
  const records = [];
  for (const job of jobs) records.push(await launcher.run(job, signal));
  await launcher.close();
  t.deepEqual(records.map((r) => r!.status), ['ok', 'failed', 'ok']);
  t.regex(records[1]!.error!.message, /worker thread died while running the job/);
  t.is(records[1]!.id, jobs[1].id);
});

test('aborting a running job stops its thread and resolves null', async (t) => {
  const launcher = new PoolLauncher(mnist(), { workers: 1 });
  const [job] = tinyPlan('long', [1], [0.1], '').jobs;
  const slow = { ...job, settings: { ...job.settings, epochs: 50, train_limit: 50_000 } };
  const stop = new AbortController();
  const pending = launcher.run(slow, stop.signal);
  setTimeout(() => stop.abort(), 300);
  t.is(await pending, null);
  const after = await launcher.run(job, new AbortController().signal);
  t.is(after!.status, 'ok');
  await launcher.close();
});

test('progress arrives from the worker thread after every epoch', async (t) => {
  const launcher = new PoolLauncher(mnist(), { workers: 1 });
  const [job] = tinyPlan().jobs;
  const seen: number[] = [];
  await launcher.run(job, new AbortController().signal, { onEpoch: (_id, m) => seen.push(m.epoch) });
  await launcher.close();
  t.deepEqual(seen, [0, 1, 2]);
});

test('ending the threads waits until each has finished loading its module, not just the modules it imports', async (t) => {
  const marks = tempDir('mlp-sweep-marks-');
  process.env.MLPS_TEST_MARKS = marks;
  const workerFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', 'slow-to-load.js');
  const threads = new PoolThreads({ threads: 2, workerFile });
  const ids = threads.pool.threads.map((thread) => thread.threadId);
  await threads.end();
  t.deepEqual(readdirSync(marks).sort(), ids.map((id) => `loaded-${id}`).sort());
  // …because each said so, not because ending gave up waiting
  t.deepEqual([...threads.readyThreads].sort(), ids.sort());
});
