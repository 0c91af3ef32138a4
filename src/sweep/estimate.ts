/**
 * How much work a plan is: examples processed and floating-point operations, and from those a time.
 *
 * Per example, the forward pass of a layer (in, out) is one row of a matmul, 2·in·out FLOPs (bias and
 * activation are O(out) and ignored); the backward pass is about twice the forward (a gradient for the
 * weights and one for the inputs). A job trains on its training set `epochs` times (forward + backward),
 * evaluates the 10,000 validation examples before training and after every epoch (forward only), and the
 * 10,000 test examples once at the end, as src/core/train.ts does.
 */
import type { KernelChoice, TrainSettings } from '../core/settings.js';
import type { Job } from './job.js';
import { trainingSetSize } from '../core/check-settings.js';
import { MNIST } from '../data/descriptor.js';


/** Sustained GFLOP/s of one worker, per kernel setting. */
export type Throughput = Readonly<Record<KernelChoice, number>>;

/**
 * The defaults when no finished job has measured this machine: training throughput of 784-512-1024-10 at
 * batch 200 from `npm run bench` on the 2-core development machine (reference ≈ 1.1 GFLOP/s, wasm ≈ 45,
 * native ≈ 85 with evaluation and batch gathering included; `auto` takes the fastest set that runs, taken
 * here as wasm, the portable one). `mlp-sweep plan` replaces them with the throughput
 * that finished jobs in the results folder actually sustained (src/journal/throughput.ts).
 */
export const THROUGHPUT_GFLOPS: Throughput = {
  reference: 1.1,
  wasm: 45,
  auto: 45,
  native: 85,
};

/** GFLOP/s of one worker for a job's settings: per kernel setting, or per job (a calibration per shape). */
export type Rate = Throughput | ((settings: TrainSettings) => number);

function rateOf(rate: Rate, settings: TrainSettings): number {
  return typeof rate === 'function' ? rate(settings) : rate[settings.kernels];
}

export interface JobEstimate {
  /** Examples passed through the network, training and evaluation together. */
  examples: number;
  flops: number;
  /** On one worker, at the kernel set's throughput. */
  seconds: number;
}

export function forwardFlopsPerExample(hiddenSizes: readonly number[]): number {
  const widths = [MNIST.features, ...hiddenSizes, MNIST.classes];
  let flops = 0;
  for (let l = 0; l + 1 < widths.length; l++) flops += 2 * widths[l] * widths[l + 1];
  return flops;
}

/** A job's work in its two parts: training (forward + backward) and evaluation (forward only). */
export function jobWork(settings: TrainSettings): { trained: number; evaluated: number; trainFlops: number; evalFlops: number } {
  const forward = forwardFlopsPerExample(settings.hidden_sizes);
  const trained = trainingSetSize(settings) * settings.epochs;
  const evaluated = MNIST.split.validation * (settings.epochs + 1) + MNIST.split.test;
  return { trained, evaluated, trainFlops: trained * 3 * forward, evalFlops: evaluated * forward };
}

export function estimateJob(settings: TrainSettings, throughput: Rate = THROUGHPUT_GFLOPS): JobEstimate {
  const { trained, evaluated, trainFlops, evalFlops } = jobWork(settings);
  const flops = trainFlops + evalFlops;
  return { examples: trained + evaluated, flops, seconds: flops / (rateOf(throughput, settings) * 1e9) };
}

export interface PlanEstimate {
  jobs: number;
  examples: number;
  flops: number;
  /** The sum over jobs, on one worker. */
  cpuSeconds: number;
  workers: number;
  /** With `workers` running jobs side by side: jobs dealt longest first to the least loaded worker. */
  wallSeconds: number;
}

export function estimatePlan(jobs: readonly Job[], workers: number, throughput: Rate = THROUGHPUT_GFLOPS): PlanEstimate {
  const estimates = jobs.map((job) => estimateJob(job.settings, throughput));
  const loads = new Array<number>(Math.max(1, workers)).fill(0);
  for (const seconds of estimates.map((e) => e.seconds).sort((a, b) => b - a)) {
    const least = loads.indexOf(Math.min(...loads));
    loads[least] += seconds;
  }
  return {
    jobs: jobs.length,
    examples: estimates.reduce((sum, e) => sum + e.examples, 0),
    flops: estimates.reduce((sum, e) => sum + e.flops, 0),
    cpuSeconds: estimates.reduce((sum, e) => sum + e.seconds, 0),
    workers: loads.length,
    wallSeconds: Math.max(...loads),
  };
}
