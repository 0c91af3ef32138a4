import test from 'ava';
import { Queue } from 'bullmq';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import { ownRedis, withRedis } from '../helpers/redis.js';
import { planOf } from '../helpers/sweeps.js';
import { connectionTo, freshQueueName, obliterate, openLauncher, startCli, startWorker, workerArgs } from '../helpers/queue.js';

const { redisTest, redis } = withRedis(test);

/** A job of about 1.3 s on one thread (17 measurements of the validation split): long enough to stop in the middle. */
function slowJob(sweep: string) {
  return planOf(`name: ${sweep}\nfixed: {hidden_sizes: [16], batch_size: 100, epochs: 16, train_limit: 2000}`).jobs[0];
}

redisTest('Ctrl-C on a worker finishes its running job, sends the record, and exits 130', async (t) => {
  const name = freshQueueName();
  const worker = startCli(t, workerArgs(redis(), name));
  await worker.waitFor(/waiting for jobs/);
  const launcher = await openLauncher(redis(), name);
  const planned = slowJob('finish');
  const pending = launcher.run(planned, new AbortController().signal);
  await worker.waitFor(/^→ /m);
  worker.child.kill('SIGINT');
  const record = await pending;
  const end = await worker.done;
  await launcher.close();
  t.is(record!.status, 'ok');
  t.is(end.code, 130);
  t.regex(end.stdout, /stopping: no new jobs; finishing the running ones/);
  t.regex(end.stdout, /stopped: 1 ok, 0 diverged, 0 failed, 0 refused, 0 given back/);
  await obliterate(redis(), name);
});

redisTest('Ctrl-C twice on a worker gives its running job back to the queue at once, for another worker', async (t) => {
  const name = freshQueueName();
  const worker = startCli(t, workerArgs(redis(), name));
  await worker.waitFor(/waiting for jobs/);
  const launcher = await openLauncher(redis(), name);
  const job = slowJob('give-back');
  const pending = launcher.run(job, new AbortController().signal);
  await worker.waitFor(/^→ /m);
  worker.child.kill('SIGINT');
  await worker.waitFor(/stopping/);
  worker.child.kill('SIGINT');
  const end = await worker.done;
  t.is(end.code, 130);
  t.regex(end.stdout, new RegExp(`↩ ${queueJobId(job)} given back to the queue`));
  t.regex(end.stdout, /0 ok, .* 1 given back/);

  const queue = new Queue(name, { connection: redisOptions(connectionTo(redis())) });
  t.is(await queue.getJobState(queueJobId(job)), 'waiting');
  t.is((await queue.getJob(queueJobId(job)))!.attemptsMade, 0, 'giving back is not a failed attempt');
  await queue.close();

  const other = await startWorker(redis(), name, { settings: { workers: 1 } });
  const record = await pending;
  await Promise.all([launcher.close(), other.worker.finish()]);
  t.is(record!.status, 'ok');
  await obliterate(redis(), name);
});

redisTest('an idle worker stopped while Redis is down exits within its stop limit', async (t) => {
  const own = await ownRedis(t);
  const worker = startCli(t, workerArgs(own, freshQueueName(), ['--stop-timeout', '1000']));
  await worker.waitFor(/waiting for jobs/);
  await own.kill();
  worker.child.kill('SIGTERM');
  const end = await worker.done;
  t.is(end.code, 130, end.stderr);
  t.regex(end.stdout, /stopped: 0 ok, 0 diverged, 0 failed, 0 refused, 0 given back/);
});

redisTest('a worker that cannot give its running job back while Redis is down exits and says which job it could not hand back', async (t) => {
  const own = await ownRedis(t);
  const name = freshQueueName();
  const worker = startCli(t, workerArgs(own, name, ['--stop-timeout', '1000']));
  await worker.waitFor(/waiting for jobs/);
  const launcher = await openLauncher(own, name);
  const job = slowJob('stranded');
  void launcher.run(job, new AbortController().signal);
  await worker.waitFor(/^→ /m);
  await own.kill();
  worker.child.kill('SIGTERM');
  await worker.waitFor(/stopping/);
  worker.child.kill('SIGTERM');
  const end = await worker.done;
  await launcher.close();
  t.is(end.code, 130, end.stderr);
  t.regex(
    end.stderr,
    new RegExp(`did not answer within --stop-timeout 1000 ms; not handed back: ${queueJobId(job)}: giving it back\\. Those jobs go back to the queue when their locks lapse`),
  );
});
