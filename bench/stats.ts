/** Small helpers shared by the benchmarks: medians of repeated timings, formatting. */
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `runs` times after one warm-up and returns the seconds of each run. */
export function timeRuns(runs: number, fn: () => void): number[] {
  fn();
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  return seconds;
}

export function spread(values: readonly number[]): string {
  return `min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}`;
}
