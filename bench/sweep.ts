/**
 * The run issue's figures: a sweep of equal jobs on 2 workers against 1 (throughput ratio), the
 * per-job dispatch overhead of the pool, and peak RSS with 1 and 2 workers (the dataset is shared,
 * so a second worker must not add another copy of it).
 */
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../src/data/dataset.js';
import { PoolLauncher } from '../src/launch/pool.js';
import { runPlans } from '../src/run/coordinator.js';
import { checkSweepText } from '../src/sweep/load.js';
import type { Plan } from '../src/sweep/job.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './stats.js';

function plan(yaml: string): Plan {
  const check = checkSweepText(yaml, 'bench.yaml');
  if (!check.ok) throw new Error(JSON.stringify(check.diagnostics));
  return check.plan;
}

/**
 * Four equal jobs of the study's network, 2 epochs over 20,000 examples each (seeds differ, so ids
 * differ): a few seconds a job, so the figure is throughput, not thread start-up.
 */
const EQUAL_JOBS = `name: bench-equal
fixed: {hidden_sizes: [512, 1024], epochs: 2, train_limit: 20000, batch_size: 200}
seeds: [1, 2, 3, 4]`;

/** Twenty tiny jobs, to see what the pool adds per job. */
const TINY_JOBS = `name: bench-tiny
fixed: {hidden_sizes: [], epochs: 1, train_limit: 100, batch_size: 100}
seeds: [${Array.from({ length: 20 }, (_, i) => i + 1).join(', ')}]`;

async function timedRun(p: Plan, dataset: Dataset, workers: number) {
  const results = mkdtempSync(path.join(tmpdir(), 'bench-sweep-'));
  const launcher = new PoolLauncher(dataset, { workers });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const inside: number[] = [];
  const t0 = performance.now();
  await runPlans([p], launcher, {
    resultsDir: results,
    onEvent: (e) => {
      if (e.type === 'job-end') inside.push(e.wall_seconds);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  await launcher.close();
  rmSync(results, { recursive: true, force: true });
  return { seconds, peakRss, inside };
}

export async function benchSweep(dataset: Dataset, runs = 3): Promise<string[]> {
  const equal = plan(EQUAL_JOBS);
  const tiny = plan(TINY_JOBS);
  const one: number[] = [];
  const two: number[] = [];
  const rss1: number[] = [];
  const rss2: number[] = [];
  const overhead: number[] = [];
  for (let r = 0; r < runs; r++) {
    // alternate, so drift in machine load hits both alike
    const a = await timedRun(equal, dataset, 1);
    const b = await timedRun(equal, dataset, 2);
    one.push(a.seconds);
    two.push(b.seconds);
    rss1.push(a.peakRss);
    rss2.push(b.peakRss);
    const t = await timedRun(tiny, dataset, 1);
    overhead.push((t.seconds - t.inside.reduce((x, y) => x + y, 0)) / t.inside.length);
  }
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  return [
    `## Sweep on the pool: 4 equal jobs (784-512-1024-10, 2 epochs of 20,000 examples, auto kernels), median of ${runs}`,
    '',
    '| workers | wall s | jobs/min | peak RSS (whole process) |',
    '|---|---|---|---|',
    `| 1 | ${median(one).toFixed(2)} | ${((4 * 60) / median(one)).toFixed(1)} | ${mb(median(rss1))} |`,
    `| 2 | ${median(two).toFixed(2)} | ${((4 * 60) / median(two)).toFixed(1)} | ${mb(median(rss2))} |`,
    '',
    `throughput ratio, 2 workers / 1: ${(median(one) / median(two)).toFixed(2)}×`,
    `dispatch overhead per job (pool, journal append + fsync, events; 20 tiny jobs): ${(1000 * median(overhead)).toFixed(1)} ms`,
    `MNIST bytes shared by every worker: ${mb(dataset.train.images.buffer.byteLength + dataset.test.images.buffer.byteLength)}`,
  ];
}
