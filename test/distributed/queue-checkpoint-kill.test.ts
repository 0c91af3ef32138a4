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

redisTest('queue workers SIGKILLed mid-job, twice: each next worker continues from the checkpoint attached, bit-identical, at most one epoch lost per kill', async (t) => {
  const dir = tempDir();
  const sweep = path.join(dir, 'one-long-job.yaml');
  // one job of a small network, long enough to be killed inside: 8 epochs of 60 batches
  writeFileSync(sweep, `name: one-long-job\nfixed: {hidden_sizes: [24], batch_size: 50, epochs: ${EPOCHS}, train_limit: 3000, kernels: wasm}\n`);
  const { plan } = await loadSweepFile(sweep);
  const [job] = plan.jobs;
  const name = freshQueueName();
  const key = attachedKey(`bull:${name}:${queueJobId(job)}`);
  const results = path.join(dir, 'results');

  const client = new Redis(redisOptions(connectionTo(redis())));
  t.teardown(() => client.disconnect());
  const attachedEpoch = async () => Number((await client.hget(key, 'epoch')) ?? 0);

  // two workers killed in turn, each once the job's attached checkpoint has reached an epoch
  const first = startCli(t, workerArgs(redis(), name));
  await first.waitFor(/waiting for jobs/);
  const run = startCli(t, ['run', sweep, '--results', results, '--no-report', '--json', '--queue', redis().url, '--queue-name', name]);
  await first.waitFor(/^→ /m);
  const resumedFrom: number[] = [];
  const attachedAtKill: number[] = [];
  let doomed = first;
  for (const [round, epoch] of [3, 6].entries()) {
    while ((await attachedEpoch()) < epoch) await sleep(10);
    doomed.child.kill('SIGKILL');
    await doomed.done;
    attachedAtKill.push(await attachedEpoch());
    const next = startCli(t, workerArgs(redis(), name));
    const [, from] = await next.waitFor(/^↻ \S+ continues from epoch (\d+)/m);
    resumedFrom.push(Number(from));
    t.true(Number(from) >= attachedAtKill[round], `kill ${round + 1}: resumed from epoch ${from}, the checkpoint attached at the kill stood at ${attachedAtKill[round]}`);
    doomed = next;
  }
  const survivor = doomed;
  const end = await run.done;
  t.is(end.code, 0, end.stderr);

  const { records } = readJournal(path.join(results, 'one-long-job'));
  t.is(records.length, 1);
  const [record] = records;
  t.true(record.worker.startsWith(`${hostname()}:${survivor.child.pid}/`), record.worker);
  t.is(record.resumed_from?.epoch, resumedFrom[1]);
  t.deepEqual(computed(record), computed(executeJob(job, mnist())));
  t.regex(end.stdout, new RegExp(`"type":"job-resume".*"epoch":${resumedFrom[0]},`), "the coordinator tells the resume as a local run's");
  const trained = epochsSoFar(end.stdout);
  t.log(`killed with epochs ${attachedAtKill.join(' and ')} attached; resumed from ${resumedFrom.join(' and ')}; ${trained} epochs trained for ${EPOCHS}`);
  t.true(trained <= EPOCHS + 2, `${trained} epochs trained for ${EPOCHS} and 2 kills`);
  t.is(await client.exists(key), 0, 'the attached checkpoint is deleted once the result is accepted');

  survivor.child.kill('SIGINT');
  await survivor.done;
  await obliterate(redis(), name);
});
