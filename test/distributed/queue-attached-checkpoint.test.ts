import test from 'ava';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { resolveRunSettings } from '../../src/core/run-settings.js';
import { TrainingInterrupted } from '../../src/core/train.js';
import { attachedKey } from '../../src/distributed/queue/attached-checkpoint.js';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/journal/checkpoint/record.js';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import type { Job } from '../../src/sweep/job.js';
import { mnist } from '../helpers/mnist.js';
import { connectionTo, freshQueueName, obliterate, openLauncher, startWorker } from '../helpers/queue.js';
import { withRedis } from '../helpers/redis.js';
import { computed, tempDir } from '../helpers/run.js';
import { planOf } from '../helpers/sweeps.js';

const { redisTest, redis } = withRedis(test);
const signal = (): AbortSignal => new AbortController().signal;

/** Tiny jobs (784-8-10, 500 examples, 3 epochs): one per seed, so each test case has its own job. */
const plan = (hidden = 8) =>
  planOf(`name: attached\nfixed: {hidden_sizes: [${hidden}], batch_size: 50, epochs: 3, train_limit: 500, kernels: wasm}\nseeds: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n`);

/** A genuine checkpoint of `job`: trained one epoch locally, then stopped (it stands at epoch 2, batch 0). */
function checkpointOf(job: Job): Buffer {
  const dir = tempDir();
  let epochs = 0;
  const error = (() => {
    try {
      executeJob(job, mnist(), {
        checkpoints: { sweepDir: dir, run: resolveRunSettings() },
        onEpoch: (m) => void (m.epoch > 0 && epochs++),
        shouldStop: () => epochs >= 1,
      });
    } catch (thrown) {
      return thrown;
    }
  })();
  if (!(error instanceof TrainingInterrupted)) throw new Error('the job was not interrupted');
  return readFileSync(checkpointFile(dir, job.id));
}

function keyOf(name: string, job: Job): string {
  return attachedKey(`bull:${name}:${queueJobId(job)}`);
}

async function withClient<T>(act: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(redisOptions(connectionTo(redis())));
  try {
    return await act(client);
  } finally {
    client.disconnect();
  }
}

redisTest('a job arriving with a sound attached checkpoint continues from it, bit-identical, and its key is deleted', async (t) => {
  const name = freshQueueName();
  const [job] = plan().jobs;
  await withClient((c) => c.hset(keyOf(name, job), { data: checkpointOf(job), worker: 'elsewhere:1' }));
  const worked = await startWorker(redis(), name);
  const launcher = await openLauncher(redis(), name);
  const record = await launcher.run(job, signal());
  await launcher.close();
  await worked.worker.finish();
  t.deepEqual(record!.resumed_from, { epoch: 2, batch: 0 });
  t.deepEqual(computed(record!), computed(executeJob(job, mnist())));
  t.like(worked.events.find((e) => e.type === 'resumed'), { position: { epoch: 2, batch: 0 }, by: 'elsewhere:1' });
  t.deepEqual(worked.events.filter((e) => e.type === 'warning'), []);
  t.deepEqual(await withClient((c) => c.keys(`bull:${name}:*:checkpoint`)), [], 'no attached checkpoint is left');
  await obliterate(redis(), name);
});

redisTest('a forged, corrupt, foreign, stale, misshapen, empty, oversized or mistyped attached checkpoint restarts its job from epoch 0 with a warning', async (t) => {
  const name = freshQueueName();
  const jobs = plan().jobs;
  const other = plan(9).jobs[4];
  const genuine = checkpointOf(jobs[0]);
  const relabel = (bytes: Buffer, change: (c: ReturnType<typeof decodeCheckpoint>) => void): Buffer => {
    const c = decodeCheckpoint(bytes, 'test');
    change(c);
    return encodeCheckpoint(c);
  };
  const flipped = Buffer.from(checkpointOf(jobs[1]));
  flipped[flipped.length - 100] ^= 1;
  const limit = 256 * 1024;
  const cases: { data: Buffer; reason: RegExp }[] = [
    { data: flipped, reason: /does not match its sha256/ },
    { data: genuine, reason: new RegExp(`belongs to job ${jobs[0].id}, not ${jobs[2].id}`) },
    { data: relabel(checkpointOf(jobs[3]), (c) => (c.code_version = 99)), reason: /training-code version 99/ },
    { data: relabel(checkpointOf(other), (c) => (c.job_id = jobs[4].id)), reason: /its W1 is \[784, 9\], the model's \[784, 8\]/ },
    { data: Buffer.alloc(0), reason: /holds no data/ },
    { data: Buffer.alloc(limit + 1, 7), reason: new RegExp(`is ${limit + 1} bytes, over this worker's --attach-limit of ${limit} bytes`) },
    { data: Buffer.from('not a checkpoint at all, just bytes'), reason: /header length|too short|header/ },
  ];
  await withClient(async (c) => {
    for (const [i, { data }] of cases.entries()) await c.hset(keyOf(name, jobs[i + 1]), { data });
  });
  // not even a hash: a plain string under the key
  await withClient((c) => c.set(keyOf(name, jobs[cases.length + 1]), 'a string'));
  cases.push({ data: Buffer.alloc(0), reason: /could not be read \(ReplyError: WRONGTYPE/ });
  const worked = await startWorker(redis(), name, { settings: { attachLimitBytes: limit } });
  const launcher = await openLauncher(redis(), name);
  const records = await Promise.all(cases.map((_, i) => launcher.run(jobs[i + 1], signal())));
  await launcher.close();
  await worked.worker.finish();
  const warnings = worked.events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  for (const [i, { reason }] of cases.entries()) {
    const job = jobs[i + 1];
    t.is(records[i]!.resumed_from, null, `job ${i + 1} started from epoch 0`);
    t.deepEqual(computed(records[i]!), computed(executeJob(job, mnist())), `job ${i + 1} computed what an uninterrupted run does`);
    const said = warnings.find((w) => w.includes(keyOf(name, job)));
    t.truthy(said, `a warning names the key of job ${i + 1}`);
    t.regex(said ?? '', reason);
    t.regex(said ?? '', /ignored, the job starts from epoch 0$/);
  }
  t.false(worked.events.some((e) => e.type === 'resumed'));
  t.deepEqual(await withClient((c) => c.keys(`bull:${name}:*:checkpoint`)), [], 'each key is deleted with its result');
  await obliterate(redis(), name);
});

redisTest('with a queue secret, an attached checkpoint that is not signed for its job is ignored', async (t) => {
  const name = freshQueueName();
  const [job] = plan().jobs;
  await withClient((c) => c.hset(keyOf(name, job), { data: checkpointOf(job), signature: 'ab'.repeat(32) }));
  const secret = 'a shared secret';
  const worked = await startWorker(redis(), name, { settings: { secret } });
  const launcher = await openLauncher(redis(), name, { settings: { secret } });
  const record = await launcher.run(job, signal());
  await launcher.close();
  await worked.worker.finish();
  t.is(record!.resumed_from, null);
  t.deepEqual(computed(record!), computed(executeJob(job, mnist())));
  const warning = worked.events.find((e) => e.type === 'warning');
  t.regex(warning?.type === 'warning' ? warning.message : '', /is not signed with the queue secret for this job/);
  await obliterate(redis(), name);
});

redisTest("the coordinator's run settings reach the worker: with checkpoint: false it neither reads nor attaches checkpoints", async (t) => {
  const name = freshQueueName();
  const [job] = plan().jobs;
  await withClient((c) => c.hset(keyOf(name, job), { data: checkpointOf(job) }));
  const worked = await startWorker(redis(), name);
  const launcher = await openLauncher(redis(), name);
  const run = { ...resolveRunSettings(), checkpoint: false };
  const record = await launcher.run(job, signal(), {}, { sweepDir: tempDir(), run });
  await launcher.close();
  await worked.worker.finish();
  t.is(record!.resumed_from, null);
  t.false(worked.events.some((e) => e.type === 'resumed' || e.type === 'warning'));
});

redisTest('a job given back by a stopping worker carries the checkpoint of the batch it stopped at to the next worker', async (t) => {
  const name = freshQueueName();
  // ten epochs of 1,000 batches: the stop, asked once the first epoch is in, lands well inside the job
  // even when the epoch's progress reaches the coordinator late (with four, an idle fast machine once
  // finished the job before the stop arrived)
  const [job] = planOf('name: given\nfixed: {hidden_sizes: [16], batch_size: 10, epochs: 10, train_limit: 10000, kernels: wasm}\n').jobs;
  // a loaded machine may take seconds to hand the job back: the stop waits for it rather than give up
  const first = await startWorker(redis(), name, { settings: { workers: 1, stopTimeoutMs: 60_000 } });
  const launcher = await openLauncher(redis(), name);
  let stopping: Promise<unknown> | undefined;
  const running = launcher.run(job, signal(), {
    // a moment into epoch 2, so that it stops inside an epoch (the position is logged; any is right)
    onEpoch: (_, m) => void (m.epoch >= 1 && (stopping ??= sleep(20).then(() => first.worker.giveBack()))),
  });
  await new Promise<void>((resolve) => {
    const check = setInterval(() => stopping && (clearInterval(check), resolve()), 5);
  });
  await stopping;
  t.true(first.events.some((e) => e.type === 'returned'), 'the first worker gave the job back');
  const second = await startWorker(redis(), name, { settings: { workers: 1 } });
  const record = await running;
  await launcher.close();
  await second.worker.finish();
  const resumed = second.events.find((e) => e.type === 'resumed');
  t.truthy(resumed, 'the second worker continued it');
  t.deepEqual(record!.resumed_from, resumed?.type === 'resumed' ? resumed.position : undefined);
  t.true(record!.resumed_from!.epoch >= 2, `resumed from ${JSON.stringify(record!.resumed_from)}`);
  t.log(`resumed from epoch ${record!.resumed_from!.epoch}, batch ${record!.resumed_from!.batch}`);
  t.deepEqual(computed(record!), computed(executeJob(job, mnist())));
  await obliterate(redis(), name);
});
