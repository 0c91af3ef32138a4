import test from 'ava';
import path from 'node:path';
import { Queue } from 'bullmq';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import { computed, tinyPlan } from '../helpers/run.js';
import { mnist } from '../helpers/mnist.js';
import { withRedis } from '../helpers/redis.js';
import { PROJECT_ROOT, planOf } from '../helpers/sweeps.js';
import { connectionTo, freshQueueName, obliterate, openLauncher, startCli, startWorker, workerArgs } from '../helpers/queue.js';

const { redisTest, redis } = withRedis(test);
const signal = (): AbortSignal => new AbortController().signal;

redisTest('the coordinator keeps every job of its plans enqueued at once', async (t) => {
  const name = freshQueueName();
  const plans = [tinyPlan('a', [1, 2, 3]), tinyPlan('b', [1])];
  const launcher = await openLauncher(redis(), name, { plans });
  t.is(launcher.concurrency, 6 + 2);
  await launcher.close();
});

redisTest('a job already finished on the queue resolves at once from Redis, without running again', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('finished').jobs;
  const worked = await startWorker(redis(), name);
  const first = await openLauncher(redis(), name);
  const record = await first.run(job, signal());
  await first.close();
  await worked.worker.finish();
  // a restarted coordinator, and no worker left: the result can only come from Redis
  const second = await openLauncher(redis(), name);
  const again = await second.run(job, signal());
  await second.close();
  t.deepEqual(again, record);
  t.is(worked.events.filter((e) => e.type === 'start').length, 1);
  await obliterate(redis(), name);
});

redisTest('two coordinators waiting for the same job share one run and one record', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('shared').jobs;
  const a = await openLauncher(redis(), name);
  const b = await openLauncher(redis(), name);
  const both = Promise.all([a.run(job, signal()), b.run(job, signal())]);
  const worked = await startWorker(redis(), name);
  const [ra, rb] = await both;
  t.deepEqual(ra, rb);
  t.is(ra!.status, 'ok');
  t.is(worked.events.filter((e) => e.type === 'start').length, 1);
  await Promise.all([a.close(), b.close(), worked.worker.finish()]);
  await obliterate(redis(), name);
});

redisTest('the same settings in two sweeps are two queue jobs, each recorded for its own sweep', async (t) => {
  const name = freshQueueName();
  const [x] = tinyPlan('sweep-x').jobs;
  const [y] = tinyPlan('sweep-y').jobs;
  t.is(x.id, y.id);
  t.not(queueJobId(x), queueJobId(y));
  const worked = await startWorker(redis(), name);
  const launcher = await openLauncher(redis(), name);
  const [rx, ry] = await Promise.all([launcher.run(x, signal()), launcher.run(y, signal())]);
  t.is(rx!.sweep, 'sweep-x');
  t.is(ry!.sweep, 'sweep-y');
  t.deepEqual(computed(rx!), computed(ry!));
  await Promise.all([launcher.close(), worked.worker.finish()]);
  await obliterate(redis(), name);
});

redisTest('a stopped wait resolves null and leaves the job queued; the next run collects its result', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('stopped').jobs;
  const first = await openLauncher(redis(), name);
  const stop = new AbortController();
  const pending = first.run(job, stop.signal);
  setTimeout(() => stop.abort(), 200);
  t.is(await pending, null);
  await first.close();
  const queue = new Queue(name, { connection: redisOptions(connectionTo(redis())) });
  t.is(await queue.getJobState(queueJobId(job)), 'waiting');
  await queue.close();
  const worked = await startWorker(redis(), name);
  const second = await openLauncher(redis(), name);
  const record = await second.run(job, signal());
  t.is(record!.status, 'ok');
  await Promise.all([second.close(), worked.worker.finish()]);
  await obliterate(redis(), name);
});

redisTest('epoch progress reaches the coordinator through the queue', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('progress').jobs;
  const worked = await startWorker(redis(), name);
  const launcher = await openLauncher(redis(), name);
  const epochs: number[] = [];
  const record = await launcher.run(job, signal(), { onEpoch: (id, m) => id === job.id && epochs.push(m.epoch) });
  await Promise.all([launcher.close(), worked.worker.finish()]);
  t.is(record!.status, 'ok');
  // best effort, like local progress: the last event may arrive after the result
  t.true(epochs.length >= 1 && epochs.every((e) => e >= 0 && e <= 2), JSON.stringify(epochs));
  await obliterate(redis(), name);
});

redisTest('a job whose worker thread dies is retried with backoff, up to the configured count', async (t) => {
  const name = freshQueueName();
  const workerFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', 'exits-on-seed-2.js');
  const [ok, dies] = tinyPlan('retried', [1, 2], [0.1]).jobs;
  const worked = await startWorker(redis(), name, { workerFile, settings: { workers: 1 } });
  const launcher = await openLauncher(redis(), name, { settings: { retries: 2, backoffMs: 100 } });
  const [rOk, rDies] = await Promise.all([launcher.run(ok, signal()), launcher.run(dies, signal())]);
  await Promise.all([launcher.close(), worked.worker.finish()]);
  t.is(rOk!.status, 'ok');
  t.is(rDies!.status, 'failed');
  t.regex(rDies!.error!.message, /worker thread died while running the job/);
  const starts = worked.events.filter((e) => e.type === 'start' && e.queueId === queueJobId(dies));
  t.deepEqual(
    starts.map((e) => (e.type === 'start' ? e.attempt : 0)),
    [1, 2, 3],
  );
  await obliterate(redis(), name);
});

redisTest('a job refused by the workers fails at once, without retries; a rerun of failed jobs runs it again', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('refused').jobs;
  // a worker that requires signed messages refuses the unsigned ones of this coordinator
  const strict = await startWorker(redis(), name, { settings: { secret: 'the-workers-secret' } });
  const launcher = await openLauncher(redis(), name, { settings: { retries: 3 } });
  const refused = await launcher.run(job, signal());
  await Promise.all([launcher.close(), strict.worker.finish()]);
  t.is(refused!.status, 'failed');
  t.regex(refused!.error!.message, /the queue gave up on job refused\/\w+: refused by worker .*: it is not signed with the queue secret/);
  t.is(strict.events.filter((e) => e.type === 'refused').length, 1, 'no retries');

  // without --retry-failed, a restarted coordinator gets the same failure (a result not yet journaled)
  const again = await openLauncher(redis(), name);
  t.is((await again.run(job, signal()))!.status, 'failed');
  await again.close();

  // with it, the job runs again, on a worker that takes unsigned messages
  const worked = await startWorker(redis(), name);
  const retry = await openLauncher(redis(), name, { rerun: 'failed' });
  const record = await retry.run(job, signal());
  await Promise.all([retry.close(), worked.worker.finish()]);
  t.is(record!.status, 'ok');
  await obliterate(redis(), name);
});

redisTest('a worker for another dataset gives the job back and stops itself; a worker with the right one runs it', async (t) => {
  const name = freshQueueName();
  const [job] = tinyPlan('other-data').jobs;
  const wrong = await startWorker(redis(), name, { dataset: { ...mnist(), digest: 'f'.repeat(64) } });
  const launcher = await openLauncher(redis(), name, { settings: { retries: 0 } });
  const pending = launcher.run(job, signal());
  const stop = await wrong.worker.stopped;
  t.regex(stop.reason!, /this worker cannot run the queue's jobs: job other-data\/\w+ it was planned on a dataset with digest \w+… and this process has ffffffffffff…/);
  t.deepEqual(stop.unsent, []);
  t.deepEqual(wrong.events.filter((e) => e.type !== 'warning').map((e) => e.type), ['returned'], JSON.stringify(wrong.events));
  const queue = new Queue(name, { connection: redisOptions(connectionTo(redis())) });
  t.is(await queue.getJobState(queueJobId(job)), 'waiting', 'given back, not failed');
  await queue.close();

  const right = await startWorker(redis(), name);
  const record = await pending;
  await Promise.all([launcher.close(), right.worker.finish()]);
  t.is(record!.status, 'ok');
  await obliterate(redis(), name);
});

redisTest('a coordinator waiting for a dozen jobs on one signal adds one abort listener, not one per job', async (t) => {
  const name = freshQueueName();
  const plan = tinyPlan('many', [1, 2, 3, 4, 5, 6], [0.1, 0.05]);
  const launcher = await openLauncher(redis(), name, { plans: [plan] });
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const stop = new AbortController();
  const pending = plan.jobs.map((job) => launcher.run(job, stop.signal));
  await new Promise((resolve) => setTimeout(resolve, 100));
  stop.abort();
  const records = await Promise.all(pending);
  await launcher.close();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  t.is(plan.jobs.length, 12);
  t.deepEqual(records, Array(12).fill(null));
  t.deepEqual(warnings.filter((w) => /MaxListenersExceeded/.test(w)), []);
  await obliterate(redis(), name);
});

redisTest('a job whose worker dies once more than --max-stalled allows is told as failed, not as back on the queue', async (t) => {
  const name = freshQueueName();
  const doomed = startCli(t, workerArgs(redis(), name));
  await doomed.waitFor(/waiting for jobs/);
  const launcher = await openLauncher(redis(), name);
  const job = planOf(`name: stalls\nfixed: {hidden_sizes: [16], batch_size: 100, epochs: 16, train_limit: 2000}`).jobs[0];
  const pending = launcher.run(job, signal());
  await doomed.waitFor(/^→ /m);
  doomed.child.kill('SIGKILL');
  const checker = await startWorker(redis(), name, { settings: { maxStalledCount: 0 } });
  const record = await pending;
  await Promise.all([launcher.close(), checker.worker.finish()]);
  t.is(record!.status, 'failed');
  t.regex(record!.error!.message, /stalled more than allowable limit/);
  t.deepEqual(checker.events.filter((e) => e.type === 'stalled'), [{ type: 'stalled', queueId: queueJobId(job), failed: true }]);
  await obliterate(redis(), name);
});
