/**
 * The per-shape throughput that time estimates use on a machine with no finished jobs: each distinct
 * network shape of the plan (kernel set, precision, layers, batch) measured once (measure.ts) and cached
 * (cache.ts). Shapes are measured largest share of the work first within a budget; one left unmeasured
 * takes the rate of the measured shape of its kernel set closest in size.
 */
import { performance } from 'node:perf_hooks';
import type { TrainSettings } from '../core/settings.js';
import { kernelProviders } from '../kernels/registry.js';
import { estimateJob, forwardFlopsPerExample, jobWork } from '../sweep/estimate.js';
import { cacheDir, readCalibrations, writeCalibrations } from './cache.js';
import { shapeKey, type Shape, type ShapeRates } from './shape.js';

export interface Calibration {
  /** GFLOP/s for a job's settings; undefined when nothing of its kernel set was measured. */
  rateOf(settings: TrainSettings): number | undefined;
  /** Shapes measured now, and found in the cache. */
  measured: number;
  cached: number;
  /** Time spent measuring, in seconds. */
  seconds: number;
  /** Where the cache lives. */
  cacheDir: string;
}

/** The kernel set `auto` stands for on this machine: the first that runs. */
export function autoKernels(): string {
  return kernelProviders().find((p) => p.unavailableReason() === null)?.name ?? 'reference';
}

function shapeOf(settings: TrainSettings, auto: string): Shape {
  return {
    kernels: settings.kernels === 'auto' ? auto : settings.kernels,
    precision: settings.precision,
    hidden_sizes: settings.hidden_sizes,
    batch_size: settings.batch_size,
  };
}

export async function calibrate(
  jobs: readonly { settings: TrainSettings }[],
  options: { budgetMs?: number; dir?: string } = {},
): Promise<Calibration> {
  const dir = options.dir ?? cacheDir();
  const auto = autoKernels();
  const cached = readCalibrations(dir);
  // each shape's share of the work, to measure the ones that matter most first
  const work = new Map<string, { shape: Shape; flops: number }>();
  for (const { settings } of jobs) {
    const shape = shapeOf(settings, auto);
    const key = shapeKey(shape);
    const entry = work.get(key) ?? { shape, flops: 0 };
    entry.flops += estimateJob(settings).flops;
    work.set(key, entry);
  }
  const rates = new Map(cached);
  const started = performance.now();
  let measured = 0;
  const budget = options.budgetMs ?? 600;
  for (const [key, { shape }] of [...work].sort((a, b) => b[1].flops - a[1].flops)) {
    if (rates.has(key)) continue;
    if (performance.now() - started > budget) break;
    try {
      // the training code loads only when a shape is not in the cache
      const { measureShape } = await import('./measure.js');
      rates.set(key, measureShape(shape, Math.min(120, budget / 4)));
      measured++;
    } catch {
      // a set that cannot run here (float64 on wasm, no addon): its jobs fail before they run, no estimate needed
    }
  }
  if (measured > 0) await writeCalibrations(rates, dir);
  const hits = [...work.keys()].filter((k) => cached.has(k)).length;

  // the job's effective rate: its training at the training rate, its evaluation at the evaluation rate
  const effective = (settings: TrainSettings, r: ShapeRates): number => {
    const { trainFlops, evalFlops } = jobWork(settings);
    return (trainFlops + evalFlops) / (trainFlops / r.train + evalFlops / r.evaluate);
  };
  const rateOf = (settings: TrainSettings): number | undefined => {
    const shape = shapeOf(settings, auto);
    const exact = rates.get(shapeKey(shape));
    if (exact !== undefined) return effective(settings, exact);
    // the nearest measured shape of the same set and precision, by work per example
    const size = forwardFlopsPerExample(shape.hidden_sizes);
    let best: { distance: number; rate: ShapeRates } | undefined;
    for (const { shape: other } of work.values()) {
      const rate = rates.get(shapeKey(other));
      if (rate === undefined || other.kernels !== shape.kernels || other.precision !== shape.precision) continue;
      const distance = Math.abs(Math.log(forwardFlopsPerExample(other.hidden_sizes) / size));
      if (!best || distance < best.distance) best = { distance, rate };
    }
    return best && effective(settings, best.rate);
  };
  return { rateOf, measured, cached: hits, seconds: (performance.now() - started) / 1000, cacheDir: dir };
}
