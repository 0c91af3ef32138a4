import test from 'ava';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { attachedKey } from '../../src/distributed/queue/attached-checkpoint.js';
import { redisOptions } from '../../src/distributed/queue/connection.js';
import { queueJobId } from '../../src/distributed/queue/settings.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { readJournal } from '../../src/journal/read.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { epochsSoFar } from '../helpers/long-jobs.js';
import { mnist } from '../helpers/mnist.js';
import { connectionTo, freshQueueName, obliterate, startCli, workerArgs } from '../helpers/queue.js';
import { withRedis } from '../helpers/redis.js';
import { computed, tempDir } from '../helpers/run.js';

const { redisTest, redis } = withRedis(test);

const EPOCHS = 8;

redisTest('a queue worker SIGKILLed mid-job: another worker continues from the checkpoint it attached, bit-identical, at most one epoch lost', async (t) => {
  const dir = tempDir();
  const sweep = path.join(dir, 'one-long-job.yaml');
  // one job of a small network, long enough to be killed inside: 8 epochs of 60 batches
  writeFileSync(sweep, `name: one-long-job\nfixed: {hidden_sizes: [24], batch_size: 50, epochs: ${EPOCHS}, train_limit: 3000, kernels: wasm}\n`);
  const { plan } = await loadSweepFile(sweep);
  const [job] = plan.jobs;
  const name = freshQueueName();
  const key = attachedKey(`bull:${name}:${queueJobId(job)}`);
  const results = path.join(dir, 'results');

  const doomed = startCli(t, workerArgs(redis(), name));
  await doomed.waitFor(/waiting for jobs/);
  const run = startCli(t, ['run', sweep, '--results', results, '--no-report', '--json', '--queue', redis().url, '--queue-name', name]);
  await doomed.waitFor(/^→ /m);
  // killed once it has attached the checkpoint of its second epoch
  const client = new Redis(redisOptions(connectionTo(redis())));
  t.teardown(() => client.disconnect());
  let attached = 0;
  while (attached < 3) {
    attached = Number((await client.hget(key, 'epoch')) ?? 0);
    if (attached < 3) await sleep(10);
  }
  doomed.child.kill('SIGKILL');
  await doomed.done;
  const atKill = Number(await client.hget(key, 'epoch'));

  const survivor = startCli(t, workerArgs(redis(), name));
  const [, from] = await survivor.waitFor(/^↻ \S+ continues from epoch (\d+)/m);
  const end = await run.done;
  t.is(end.code, 0, end.stderr);

  const { records } = readJournal(path.join(results, 'one-long-job'));
  t.is(records.length, 1);
  const [record] = records;
  t.true(record.worker.startsWith(`${hostname()}:${survivor.child.pid}/`), record.worker);
  t.is(record.resumed_from?.epoch, Number(from));
  t.true(Number(from) >= atKill, `resumed from epoch ${from}, the checkpoint attached at the kill stood at ${atKill}`);
  t.deepEqual(computed(record), computed(executeJob(job, mnist())));
  t.regex(end.stdout, new RegExp(`"type":"job-resume".*"epoch":${from},`), "the coordinator tells the resume as a local run's");
  const trained = epochsSoFar(end.stdout);
  t.log(`killed with epoch ${atKill} attached; resumed from ${from}; ${trained} epochs trained for ${EPOCHS}`);
  t.true(trained <= EPOCHS + 1, `${trained} epochs trained`);
  t.is(await client.exists(key), 0, 'the attached checkpoint is deleted once the result is accepted');

  survivor.child.kill('SIGINT');
  await survivor.done;
  await obliterate(redis(), name);
});
