import test from 'ava';
import { availableParallelism } from 'node:os';
import { PoolLauncher } from '../../src/launch/pool.js';
import { POOL_WORKER_FILE } from '../../src/launch/pool-threads.js';
import { endWarmPool, takeWarmDataset, takeWarmPool, warmPool, warmThreadsFor } from '../../src/launch/warm-pool.js';
import { mnist } from '../helpers/mnist.js';
import { tinyPlan } from '../helpers/run.js';

const line = (...args: string[]): string[] => ['node', 'mlp-sweep', ...args];

test('a run line starts one thread early, and may grow to its --workers', (t) => {
  t.deepEqual(warmThreadsFor(line('run', 'experiments/quick.yaml')), { threads: 1, maxThreads: availableParallelism() });
  t.deepEqual(warmThreadsFor(line('run', 'a.yaml', '--workers', '3')), { threads: 1, maxThreads: 3 });
  t.deepEqual(warmThreadsFor(line('run', '--workers=12', 'a.yaml')), { threads: 1, maxThreads: 12 });
});

test('any doubt about the threads a run line wants starts none', (t) => {
  for (const args of [
    ['plan', 'a.yaml'],
    ['train'],
    ['run', 'a.yaml', '--workers', 'two'],
    ['run', 'a.yaml', '--workers', '0'],
    ['run', 'a.yaml', '--workers'],
    ['run', 'a.yaml', '--queue', 'redis://localhost'],
    ['run', 'a.yaml', '--queue=redis://localhost'],
    ['run', 'a.yaml', '--in-process'],
    ['run', '--help'],
    ['run', '-h'],
  ]) {
    t.is(warmThreadsFor(line(...args)), null, args.join(' '));
  }
});

test('a launcher takes the warm threads and runs on them; a second finds none; ending what nobody took is safe', async (t) => {
  warmPool(line('run', 'a.yaml', '--workers', '2'));
  // the data, loading on its own thread meanwhile, is taken once
  const data = takeWarmDataset();
  t.is((await data!).digest, mnist().digest);
  t.is(takeWarmDataset(), null);
  const launcher = new PoolLauncher(mnist(), { workers: 2 });
  // taken: nothing is left for another launcher or for the end of the command
  t.is(takeWarmPool(1, POOL_WORKER_FILE), null);
  const jobs = tinyPlan('warm', [1, 2], [0.1]).jobs;
  const signal = new AbortController().signal;
  const records = await Promise.all(jobs.map((job) => launcher.run(job, signal)));
  await launcher.close();
  t.deepEqual(records.map((r) => r!.status), ['ok', 'ok']);

  // warm threads of another worker module are not taken, and are ended with the command
  warmPool(line('run', 'a.yaml'));
  t.is(takeWarmPool(1, '/elsewhere/worker.js'), null);
  await endWarmPool();
  t.is(takeWarmPool(1, POOL_WORKER_FILE), null);
  t.is(takeWarmDataset(), null);
  await endWarmPool();
});
