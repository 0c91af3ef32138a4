import test from 'ava';
import path from 'node:path';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import type { Launcher } from '../../src/launch/launcher.js';
import { runPlans } from '../../src/run/coordinator.js';
import { mnist } from '../helpers/mnist.js';
import { freshQueueName, obliterate, openLauncher, startWorker } from '../helpers/queue.js';
import { withRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/run.js';
import { ashaPlan, decisionLines, recordLines } from '../helpers/asha.js';

const { redisTest, redis } = withRedis(test);

const searchPlan = () => ashaPlan('asha-queue');

const dirOf = (results: string) => path.join(results, 'asha-queue');
const decisions = (results: string) => decisionLines(dirOf(results));
const records = (results: string) => recordLines(dirOf(results));

async function search(results: string, launcher: Launcher) {
  try {
    return await runPlans([searchPlan()], launcher, { resultsDir: results });
  } finally {
    await launcher.close();
  }
}

redisTest('an ASHA search on the queue with two workers makes the decisions and computes the bits of a local run with one', async (t) => {
  const local = tempDir();
  const queued = tempDir();
  const name = freshQueueName();
  const workers = await Promise.all([startWorker(redis(), name, { settings: { workers: 1 } }), startWorker(redis(), name, { settings: { workers: 1 } })]);
  const [one, two] = await Promise.all([
    search(local, new InProcessLauncher(mnist())),
    search(queued, await openLauncher(redis(), name, { plans: [searchPlan()] })),
  ]);
  await Promise.all(workers.map((w) => w.worker.finish()));
  t.is(one.stopped, 5);
  t.is(two.stopped, 5);
  t.true(decisions(local).length > 0);
  t.deepEqual(decisions(queued), decisions(local));
  t.deepEqual(records(queued), records(local));
  const ran = workers.map((w) => w.events.filter((e) => e.type === 'start').length);
  t.log(`rung runs per worker: ${ran.join(' and ')}`);
  t.true(ran.every((n) => n > 0), 'both workers ran rung runs');
  await obliterate(redis(), name);
});
