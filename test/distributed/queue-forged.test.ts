import test from 'ava';
import path from 'node:path';
import { Worker } from 'bullmq';
import { KernelUnavailableError } from '../../src/errors.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { checkJobMessage, type JobMessage } from '../../src/distributed/job-message.js';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import type { JobRecord } from '../../src/journal/record.js';
import { executeJob, failedRecord } from '../../src/execute/execute-job.js';
import { jobsToRun } from '../../src/journal/resume.js';
import type { Job } from '../../src/sweep/job.js';
import { mnist } from '../helpers/mnist.js';
import { withRedis } from '../helpers/redis.js';
import { computed, tinyPlan } from '../helpers/run.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';
import { connectionTo, freshQueueName, obliterate, openLauncher, startWorker } from '../helpers/queue.js';

const { redisTest, redis } = withRedis(test);
const signal = (): AbortSignal => new AbortController().signal;

/** A worker that trains each job honestly, then returns what `forge` makes of its record. */
function forger(name: string, forge: (record: JobRecord, job: Job) => unknown): Worker {
  return new Worker(
    name,
    async (queued) => {
      const check = checkJobMessage(queued.data as JobMessage, { codeVersion: TRAINING_CODE_VERSION, datasetDigest: mnist().digest });
      if (!check.ok) throw new Error(check.reason);
      return forge(executeJob(check.job, mnist()), check.job);
    },
    { connection: redisOptions(connectionTo(redis())) },
  );
}

redisTest('a worker that forges settings is refused; one that forges name, index and varying is overruled by the planned job', async (t) => {
  const name = freshQueueName();
  const [honest, renamed, reset] = tinyPlan('forged', [1, 2, 3], [0.1]).jobs;
  const worker = forger(name, (record, job) => {
    if (job.id === reset.id) return { ...record, settings: { ...record.settings, learning_rate: 42 } };
    if (job.id === renamed.id) return { ...record, name: '=HYPERLINK("http://evil")', index: 99, varying: { hidden_sizes: [4096] } };
    return record;
  });
  const launcher = await openLauncher(redis(), name);
  const [a, b, c] = await Promise.all([honest, renamed, reset].map((job) => launcher.run(job, signal())));
  await Promise.all([launcher.close(), worker.close()]);
  t.is(a!.status, 'ok');
  t.deepEqual(computed(a!), computed(executeJob(honest, mnist())));
  t.like(b, { status: 'ok', name: renamed.name, index: renamed.index, varying: renamed.varying });
  t.is(c!.status, 'failed');
  t.is(
    c!.error!.message,
    `the queue returned a record whose settings differ from the job's (learning_rate: 42 for 0.1) for job ${queueJobId(reset)}`,
  );
  await obliterate(redis(), name);
});

redisTest('with a queue secret, the coordinator refuses results not signed with it and takes those that are', async (t) => {
  const name = freshQueueName();
  const [unsigned, signed] = tinyPlan('signed', [1, 2], [0.1]).jobs;
  const secret = 'a shared secret';
  const launcher = await openLauncher(redis(), name, { settings: { secret } });
  // a worker without the secret: it runs the (signed) messages, and returns unsigned results
  const plain = await startWorker(redis(), name, { settings: { workers: 1 } });
  const refused = await launcher.run(unsigned, signal());
  await plain.worker.finish();
  const keyed = await startWorker(redis(), name, { settings: { workers: 1, secret } });
  const taken = await launcher.run(signed, signal());
  await Promise.all([launcher.close(), keyed.worker.finish()]);
  t.is(refused!.status, 'failed');
  t.regex(refused!.error!.message, /the queue returned an unsigned result for job signed\//);
  t.is(taken!.status, 'ok');
  await obliterate(redis(), name);
});

redisTest('a worker whose jobs keep failing for its machine\'s reasons gives the next one back and stops itself', async (t) => {
  const name = freshQueueName();
  const workerFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', 'kernels-unavailable.js');
  const [first, second] = tinyPlan('machine', [1, 2], [0.1]).jobs;
  const broken = await startWorker(redis(), name, { workerFile, settings: { workers: 1, quarantineAfter: 2 } });
  const launcher = await openLauncher(redis(), name, { settings: { retries: 0 } });
  const one = await launcher.run(first, signal());
  const pending = launcher.run(second, signal());
  const stop = await broken.worker.stopped;
  t.is(one!.status, 'failed');
  t.regex(stop.reason!, /2 jobs in a row failed for this machine's reasons \(the last: the native kernel set cannot run on this machine \(test fixture\)\)/);
  t.true(broken.events.some((e) => e.type === 'returned' && e.queueId === queueJobId(second)), 'the second job was given back');
  const healthy = await startWorker(redis(), name, { settings: { workers: 1 } });
  t.is((await pending)!.status, 'ok');
  await Promise.all([launcher.close(), healthy.worker.finish()]);
  await obliterate(redis(), name);
});

test('a plain rerun runs again a job that failed for its machine\'s or its queue\'s reasons, not one that failed on its own', (t) => {
  const plan = tinyPlan('rerun', [1, 2, 3], [0.1]);
  const [kernels, own, ok] = plan.jobs;
  const latest = new Map<string, JobRecord>([
    [kernels.id, failedRecord(kernels, new KernelUnavailableError('no AVX2 here'), 0, mnist().digest)],
    [own.id, failedRecord(own, new Error('the loss went the wrong way'), 0, mnist().digest)],
    [ok.id, executeJob(ok, mnist())],
  ]);
  const { todo, skipped } = jobsToRun(plan, latest, {});
  t.deepEqual(todo.map((job) => job.id), [kernels.id]);
  t.deepEqual(skipped, { ok: 1, failed: 1, diverged: 0, stopped: 0 });
});

redisTest('an allocation failure is returned at once, not retried', async (t) => {
  const name = freshQueueName();
  const workerFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', 'allocation-fails.js');
  const [job] = tinyPlan('allocation', [1], [0.1]).jobs;
  const worked = await startWorker(redis(), name, { workerFile, settings: { workers: 1 } });
  const launcher = await openLauncher(redis(), name, { settings: { retries: 2, backoffMs: 10 } });
  const record = await launcher.run(job, signal());
  await Promise.all([launcher.close(), worked.worker.finish()]);
  t.is(record!.status, 'failed');
  t.is(record!.error!.message, 'Array buffer allocation failed');
  t.is(worked.events.filter((e) => e.type === 'start').length, 1, 'one attempt of three allowed');
  await obliterate(redis(), name);
});
