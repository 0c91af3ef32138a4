import test from 'ava';
import path from 'node:path';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { runPlans } from '../../src/run/coordinator.js';
import type { RunEvent } from '../../src/run/events.js';
import { ashaPlan, decisionLines, recordLines } from '../helpers/asha.js';
import { mnist } from '../helpers/mnist.js';
import { freshQueueName, obliterate, openLauncher, startWorker } from '../helpers/queue.js';
import { withRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/run.js';

const { redisTest, redis } = withRedis(test);

redisTest('an ASHA search on the queue with a worker of two threads makes the decisions and computes the bits of one local worker', async (t) => {
  const plan = ashaPlan('asha-queue');
  const local = tempDir();
  const inProcess = new InProcessLauncher(mnist());
  await runPlans([plan], inProcess, { resultsDir: local });
  await inProcess.close();

  const name = freshQueueName();
  const worked = await startWorker(redis(), name, { settings: { workers: 2 } });
  const launcher = await openLauncher(redis(), name, { plans: [plan] });
  const queued = tempDir();
  const events: RunEvent[] = [];
  try {
    const summary = await runPlans([plan], launcher, { resultsDir: queued, onEvent: (e) => events.push(e) });
    t.is(summary.stopped, 5);
  } finally {
    await launcher.close();
    await worked.worker.finish();
    await obliterate(redis(), name);
  }
  t.deepEqual(decisionLines(path.join(queued, plan.sweep)), decisionLines(path.join(local, plan.sweep)));
  t.deepEqual(recordLines(path.join(queued, plan.sweep)), recordLines(path.join(local, plan.sweep)));
  // queue workers keep no checkpoints in the coordinator's results folder (yet): promoted trials retrain, said at most once
  const said = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  t.true(said.filter((m) => m.includes('no checkpoint of trial')).length <= 1, said.join('\n'));
});
