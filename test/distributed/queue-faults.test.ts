import test from 'ava';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { readJournal } from '../../src/journal/read.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { withRedis } from '../helpers/redis.js';
import { computed, spawnCli, tempDir } from '../helpers/run.js';
import { freshQueueName, obliterate, startCli, workerArgs } from '../helpers/queue.js';

const { redisTest, redis } = withRedis(test);

/**
 * Four jobs of about 0.7 s on one thread (most of it measuring the validation split after each of 8
 * epochs): long enough that a worker killed when it announces a job is killed in the middle of it.
 */
function sweepFile(): string {
  const file = path.join(tempDir(), 'four-jobs.yaml');
  writeFileSync(
    file,
    'name: four-jobs\nfixed: {hidden_sizes: [32], batch_size: 100, epochs: 8, train_limit: 2000}\n' +
      'grid: {learning_rate: [0.1, 0.05]}\nseeds: [1, 2]\n',
  );
  return file;
}

redisTest(
  'a worker killed mid-job and a coordinator killed and restarted: every job journaled once, bit-identical to a local run',
  async (t) => {
    const SWEEP = sweepFile();
    const name = freshQueueName();
    const results = tempDir();
    const queueArgs = ['--queue', redis().url, '--queue-name', name];
    const doomed = startCli(t, workerArgs(redis(), name));
    const survivor = startCli(t, workerArgs(redis(), name));
    await Promise.all([doomed.waitFor(/waiting for jobs/), survivor.waitFor(/waiting for jobs/)]);

    const first = startCli(t, ['run', SWEEP, '--results', results, '--no-report', ...queueArgs]);
    // the doomed worker dies with its first job half done: BullMQ's stalled check must give it back
    const [, killedJob] = await doomed.waitFor(/^→ (\S+)/m);
    doomed.child.kill('SIGKILL');
    // the coordinator dies once it has journaled a record, with the other jobs in flight
    await first.waitFor(/^\[\d+\/\d+\] ✓ /m);
    first.child.kill('SIGKILL');
    t.is((await first.done).signal, 'SIGKILL');
    const kept = readJournal(path.join(results, 'four-jobs')).records.length;
    t.true(kept >= 1 && kept < 4, `${kept} records when the coordinator was killed`);

    const second = await spawnCli(['run', SWEEP, '--results', results, '--no-report', ...queueArgs]);
    t.is(second.code, 0, second.stderr);
    t.regex(second.stdout, /took over a stale lock/);

    const { records, warnings } = readJournal(path.join(results, 'four-jobs'));
    t.deepEqual(warnings, []);
    const ids = records.map((r) => r.id);
    t.is(new Set(ids).size, ids.length, `a job journaled twice: ${ids.join(', ')}`);
    const { plan } = await loadSweepFile(SWEEP);
    t.is(records.length, plan.jobs.length);
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const job of plan.jobs) t.deepEqual(computed(byId.get(job.id)!), computed(executeJob(job, mnist())));
    // the job of the killed worker was run again, to the end, by the other one
    const rerun = byId.get(killedJob.split('/')[1])!;
    t.true(rerun.worker.startsWith(`${hostname()}:${survivor.child.pid}/`), rerun.worker);
    t.regex(survivor.stdout(), new RegExp(`→ ${killedJob}`));

    survivor.child.kill('SIGINT');
    const end = await survivor.done;
    t.is(end.code, 130, end.stderr);
    t.regex(end.stdout, /stopped: \d+ ok, 0 diverged, 0 failed, 0 refused, 0 given back/);
    await obliterate(redis(), name);
  },
);
