/**
 * The distributed issue's figures, on this machine: one coordinator (this process) and two worker
 * processes of one thread each, on a local redis-server, against a local pool of two threads, on
 * the same sweep of equal jobs (throughput ratio, target ≥ 0.95); and the queue's latency per job:
 * what a job's round trip through the queue adds to its own training time, jobs sent one at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { Dataset } from '../src/data/dataset.js';
import { parseQueueConnection, redisOptions } from '../src/distributed/queue/connection.js';
import { QueueLauncher } from '../src/distributed/queue/launcher.js';
import type { Launcher } from '../src/launch/launcher.js';
import { PoolLauncher } from '../src/launch/pool.js';
import { runPlans } from '../src/run/coordinator.js';
import type { Plan } from '../src/sweep/job.js';
import { checkSweepText } from '../src/sweep/load.js';
// the tests' helper: a redis-server on a free loopback port in a temporary folder, stopped after
import { startRedis } from '../test/helpers/redis.js';
import { median } from './stats.js';

const CLI = fileURLToPath(new URL('../../bin/mlp-sweep.js', import.meta.url));
const QUEUE = 'bench';

function plan(yaml: string): Plan {
  const check = checkSweepText(yaml, 'bench.yaml');
  if (!check.ok) throw new Error(JSON.stringify(check.diagnostics));
  return check.plan;
}

/** Eight equal jobs of about a second: 784-128-10, 1 epoch over 10,000 examples (seeds differ). */
const EQUAL_JOBS = `name: bench-distributed
fixed: {hidden_sizes: [128], epochs: 1, train_limit: 10000, batch_size: 100}
seeds: [1, 2, 3, 4, 5, 6, 7, 8]`;

/** Tiny jobs, sent one at a time, for the latency. */
const TINY_JOBS = `name: bench-latency
fixed: {hidden_sizes: [], epochs: 1, train_limit: 100, batch_size: 100}
seeds: [${Array.from({ length: 20 }, (_, i) => i + 1).join(', ')}]`;

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--queue-name', QUEUE, '--workers', '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('waiting for jobs')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a bench worker exited (${code}) before it was ready:\n${out}`)));
  });
}

async function timedSweep(p: Plan, launcher: Launcher): Promise<number> {
  const results = mkdtempSync(path.join(tmpdir(), 'bench-distributed-'));
  const t0 = performance.now();
  await runPlans([p], launcher, { resultsDir: results });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(results, { recursive: true, force: true });
  return seconds;
}

/** Sends the jobs one at a time; per job, the round trip less the job's own wall time, in seconds. */
async function overheads(p: Plan, launcher: Launcher): Promise<number[]> {
  const signal = new AbortController().signal;
  const out: number[] = [];
  for (const job of p.jobs) {
    const t0 = performance.now();
    const record = await launcher.run(job, signal);
    out.push((performance.now() - t0) / 1000 - record!.wall_seconds);
  }
  return out;
}

export async function benchDistributed(dataset: Dataset, runs = 3): Promise<string[]> {
  const equal = plan(EQUAL_JOBS);
  const tiny = plan(TINY_JOBS);
  const redis = await startRedis();
  const connection = parseQueueConnection({ url: redis.url }, {});
  const queue = new Queue(QUEUE, { connection: redisOptions(connection) });
  const workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
  const open = (p: Plan): Promise<QueueLauncher> =>
    QueueLauncher.open({
      connection,
      settings: { name: QUEUE, retries: 0, backoffMs: 1000, keepHours: 1, outageLimitMs: 60_000, secret: null },
      plans: [p],
      datasetDigest: dataset.digest,
    });
  const local: number[] = [];
  const distributed: number[] = [];
  let queueLatency: number[] = [];
  let poolLatency: number[] = [];
  const pool = new PoolLauncher(dataset, { workers: 2 });
  try {
    // round 0 warms both up (threads started, kernels compiled) and is not counted
    for (let r = 0; r <= runs; r++) {
      // alternate, so drift in machine load hits both alike; a clean queue, so no result is reused
      const l = await timedSweep(equal, pool);
      await queue.obliterate({ force: true });
      const launcher = await open(equal);
      const d = await timedSweep(equal, launcher);
      await launcher.close();
      if (r > 0) {
        local.push(l);
        distributed.push(d);
      }
    }
    await queue.obliterate({ force: true });
    const launcher = await open(tiny);
    queueLatency = await overheads(tiny, launcher);
    await launcher.close();
    poolLatency = await overheads(tiny, pool);
  } finally {
    await pool.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await Promise.all(
      workers.map(
        (child) =>
          new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGINT');
          }),
      ),
    );
    await redis.stop();
  }
  const ms = (s: number): string => `${(1000 * s).toFixed(1)} ms`;
  const jobs = equal.jobs.length;
  return [
    `## Distributed: queue on a local Redis vs the local pool, ${jobs} equal jobs (784-128-10, 1 epoch of 10,000 examples), median of ${runs}`,
    '',
    '| run | wall s | jobs/min |',
    '|---|---|---|',
    `| local pool, --workers 2 | ${median(local).toFixed(2)} | ${((jobs * 60) / median(local)).toFixed(1)} |`,
    `| coordinator + 2 workers of 1 thread (BullMQ) | ${median(distributed).toFixed(2)} | ${((jobs * 60) / median(distributed)).toFixed(1)} |`,
    '',
    `throughput ratio, queue / local pool: ${(median(local) / median(distributed)).toFixed(3)} (target ≥ 0.95)`,
    `queue latency per job (round trip less the job's own time, ${tiny.jobs.length} tiny jobs one at a time): median ${ms(median(queueLatency))}` +
      ` (min ${ms(Math.min(...queueLatency))}, max ${ms(Math.max(...queueLatency))}); the local pool's: median ${ms(median(poolLatency))}`,
  ];
}
