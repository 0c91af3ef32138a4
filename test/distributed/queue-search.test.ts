import test from 'ava';
import path from 'node:path';
import { readDecisions } from '../../src/journal/decisions.js';
import { latestById, readJournal } from '../../src/journal/read.js';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import type { Launcher } from '../../src/launch/launcher.js';
import { runPlans } from '../../src/run/coordinator.js';
import { mnist } from '../helpers/mnist.js';
import { freshQueueName, obliterate, openLauncher, startWorker } from '../helpers/queue.js';
import { withRedis } from '../helpers/redis.js';
import { computed, tempDir } from '../helpers/run.js';
import { planOf } from '../helpers/sweeps.js';

const { redisTest, redis } = withRedis(test);

/** Six random trials of a 784-16-10 network on 1,000 examples, ASHA rungs of 1, 3 and 9 epochs. */
const searchPlan = () =>
  planOf(`
name: asha-queue
fixed: {hidden_sizes: [16], batch_size: 100, train_limit: 1000}
search:
  method: random
  trials: 6
  seed: 1
  space:
    learning_rate: {log_uniform: [0.001, 0.5]}
early_stopping: {method: asha, min_epochs: 1, max_epochs: 9, reduction_factor: 3}
`);

const dirOf = (results: string) => path.join(results, 'asha-queue');
const decisions = (results: string) => readDecisions(dirOf(results)).decisions.map(({ decided_at: _, ...d }) => JSON.stringify(d)).sort();
const records = (results: string) => [...latestById(readJournal(dirOf(results)).records).values()].map((r) => JSON.stringify(computed(r))).sort();

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
