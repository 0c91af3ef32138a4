import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { QueueLauncher } from '../../src/distributed/queue/launcher.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import { readJournal } from '../../src/journal/read.js';
import { mnist } from '../helpers/mnist.js';
import { type RedisServer, ownRedis, withRedis } from '../helpers/redis.js';
import { tempDir, tinyPlan } from '../helpers/run.js';
import { connectionTo, coordinatorSettings, freshQueueName, startCli, startWorker } from '../helpers/queue.js';

// every test here stops its own server; the file's shared one only decides whether they run
const { redisTest } = withRedis(test);
const signal = (): AbortSignal => new AbortController().signal;

function sweepFile(): string {
  const file = path.join(tempDir(), 'three.yaml');
  writeFileSync(file, 'name: three\nfixed: {hidden_sizes: [16], batch_size: 100, epochs: 2, train_limit: 1000}\nseeds: [1, 2, 3]\n');
  return file;
}

/** Resolves once `n` jobs wait on the queue: the coordinator has enqueued them. */
async function untilWaiting(redis: RedisServer, name: string, n: number): Promise<void> {
  const queue = new Queue(name, { connection: redisOptions(connectionTo(redis)) });
  try {
    while ((await queue.getJobCounts('waiting')).waiting < n) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await queue.close();
  }
}

async function launcherOn(redis: RedisServer, name: string, warnings: string[], outageLimitMs = 60_000) {
  return QueueLauncher.open({
    connection: connectionTo(redis),
    settings: coordinatorSettings(name, { outageLimitMs }),
    plans: [],
    datasetDigest: mnist().digest,
    onWarning: (message) => warnings.push(message),
  });
}

redisTest('Redis restarted empty: the coordinator enqueues the lost job again, with a warning, and collects its record', async (t) => {
  const redis = await ownRedis(t);
  const name = freshQueueName();
  const [job] = tinyPlan('lost').jobs;
  const warnings: string[] = [];
  const launcher = await launcherOn(redis, name, warnings);
  const pending = launcher.run(job, signal());
  await untilWaiting(redis, name, 1);
  await redis.restart(); // no persistence: the queue is gone
  const worked = await startWorker(redis, name);
  const record = await pending;
  await Promise.all([launcher.close(), worked.worker.finish()]);
  t.is(record!.status, 'ok');
  t.true(warnings.some((w) => /is unreachable; waiting for it/.test(w)), warnings.join('\n'));
  t.true(warnings.some((w) => w.includes(`job ${queueJobId(job)} is no longer on the queue (Redis restarted without its data?): enqueued again`)), warnings.join('\n'));
});

redisTest('Redis restarted with its append-only file: the job is still queued, not enqueued again, and its record arrives', async (t) => {
  const redis = await ownRedis(t, { appendonly: true });
  const name = freshQueueName();
  const [job] = tinyPlan('kept').jobs;
  const warnings: string[] = [];
  const launcher = await launcherOn(redis, name, warnings);
  const pending = launcher.run(job, signal());
  await untilWaiting(redis, name, 1);
  await redis.restart();
  const worked = await startWorker(redis, name);
  const record = await pending;
  await Promise.all([launcher.close(), worked.worker.finish()]);
  t.is(record!.status, 'ok');
  t.false(warnings.some((w) => /enqueued again/.test(w)), warnings.join('\n'));
});

redisTest('Redis away past --redis-outage-limit: the coordinator stops with exit 1, its journal intact, and says how to resume', async (t) => {
  const redis = await ownRedis(t);
  const name = freshQueueName();
  const results = tempDir();
  const coordinator = startCli(t, ['run', sweepFile(), '--results', results, '--queue', redis.url, '--queue-name', name, '--redis-outage-limit', '1500']);
  await untilWaiting(redis, name, 3);
  await redis.kill();
  const end = await coordinator.done;
  t.is(end.code, 1, end.stderr);
  t.regex(end.stderr, /Redis at redis:\/\/127\.0\.0\.1:\d+ was unreachable for \d+\.\d s \(--redis-outage-limit\): stopped waiting/);
  t.regex(end.stderr, /hint: bring Redis back and run the same command again/);
  t.regex(end.stdout, /resume with: mlp-sweep run .* --queue redis:\/\/127\.0\.0\.1:\d+ --queue-name test-/);
  t.deepEqual(readJournal(path.join(results, 'three')).warnings, []);
});

redisTest('a coordinator interrupted while Redis is down exits 130 and writes its final report', async (t) => {
  const redis = await ownRedis(t);
  const name = freshQueueName();
  const results = tempDir();
  const coordinator = startCli(t, ['run', sweepFile(), '--results', results, '--queue', redis.url, '--queue-name', name]);
  await untilWaiting(redis, name, 3);
  await redis.kill();
  coordinator.child.kill('SIGINT');
  const end = await coordinator.done;
  t.is(end.code, 130, end.stderr);
  t.regex(end.stdout, /stopped by request; every finished job is saved/);
  t.regex(end.stdout, /^report: /m);
  t.true(existsSync(path.join(results, 'three', 'summary.md')));
});
