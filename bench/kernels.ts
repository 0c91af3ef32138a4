/**
 * Kernel benchmark, one thread: GFLOP/s of every matrix product of a training step of the study's
 * network (784-512-1024-10 at batch 200) per kernel set, then training throughput (examples/s) and
 * seconds per 50,000-example epoch, set against the time the step's matrix products alone take.
 * Every figure is the median of several runs; on a shared 2-core machine they still vary by ±10%.
 *
 *   node dist/bench/kernels.js [--quick]     (or through `npm run bench`, which calls benchKernels)
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.js';
import { createModel } from '../src/core/train.js';
import { gatherBatch } from '../src/data/dataset.js';
import { MNIST } from '../src/data/descriptor.js';
import { loadMnist } from '../src/data/mnist.js';
import { loadNativeAddon } from '../src/kernels/native/addon.js';
import { createNativeKernels } from '../src/kernels/native/kernels.js';
import { createReferenceKernels } from '../src/kernels/reference.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernels } from '../src/kernels/wasm/kernels.js';
import { loadKernelModule } from '../src/kernels/wasm/module.js';
import { median } from './stats.js';

type Op = 'matmulNN' | 'matmulTN' | 'matmulNT';

/** The eight products of one step at batch M = 200: (op, M, K, N) in the Kernels contract's letters. */
export const STEP_PRODUCTS: { label: string; op: Op; M: number; K: number; N: number }[] = [
  { label: 'X·W1    200×784·784×512', op: 'matmulNN', M: 200, K: MNIST.features, N: 512 },
  { label: 'H1·W2   200×512·512×1024', op: 'matmulNN', M: 200, K: 512, N: 1024 },
  { label: 'H2·W3   200×1024·1024×10', op: 'matmulNN', M: 200, K: 1024, N: 10 },
  { label: 'Xᵀ·dZ1  784×200·200×512', op: 'matmulTN', M: 200, K: MNIST.features, N: 512 },
  { label: 'H1ᵀ·dZ2 512×200·200×1024', op: 'matmulTN', M: 200, K: 512, N: 1024 },
  { label: 'H2ᵀ·dZ3 1024×200·200×10', op: 'matmulTN', M: 200, K: 1024, N: 10 },
  { label: 'dZ2·W2ᵀ 200×1024·1024×512', op: 'matmulNT', M: 200, K: 512, N: 1024 },
  { label: 'dZ3·W3ᵀ 200×10·10×1024', op: 'matmulNT', M: 200, K: 1024, N: 10 },
];
const EPOCH_EXAMPLES = MNIST.split.train;
const BATCH = 200;
/** Steps run before timing: the first ones run the baseline-compiled code and fault memory in. */
const WARM_UP_STEPS = 10;
/** Milliseconds each product runs before it is timed. */
const WARM_UP_MS = 300;

export interface BenchOptions {
  /** Fewer repetitions and steps: a smoke run, not a measurement. */
  quick?: boolean;
  /** Include the reference set (slow: about a minute). Default true. */
  reference?: boolean;
}

interface KernelSetUnderBench {
  label: string;
  create: () => Kernels;
  /** Repetitions per product and training steps timed: the reference set is ~20× slower. */
  reps: number;
  steps: number;
}


function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function fillRandom(v: Float32Array | Float64Array, seed: number): void {
  const rng = new Rng(seed, 'sample');
  for (let i = 0; i < v.length; i++) v[i] = rng.uniform() - 0.5;
}

/** Median milliseconds of each step product on `k`. */
function productTimes(k: Kernels, reps: number): number[] {
  return STEP_PRODUCTS.map(({ op, M, K, N }, i) => {
    const [la, lb, lo] = op === 'matmulNN' ? [M * K, K * N, M * N] : op === 'matmulTN' ? [M * K, M * N, K * N] : [M * N, K * N, M * K];
    const a = k.allocate(la);
    const b = k.allocate(lb);
    const out = k.allocate(lo);
    fillRandom(a, 2 * i + 1);
    fillRandom(b, 2 * i + 2);
    // warm-up: V8 runs wasm baseline-compiled first and swaps in optimised code once a function is hot
    // (Node 22 takes ~25 calls of a large product, ~150 ms)
    const warmUntil = performance.now() + WARM_UP_MS;
    for (let w = 0; w < 5 || performance.now() < warmUntil; w++) k[op](out, a, b, M, K, N);
    return median(Array.from({ length: reps }, () => timeMs(() => k[op](out, a, b, M, K, N))));
  });
}

/** Median milliseconds of one training step (gather + forward + backward + SGD) of the study's setting. */
function stepTime(k: Kernels, steps: number): number {
  const data = loadMnist();
  const model = createModel({ hidden_sizes: [512, 1024], seed: 1 }, { capacity: BATCH, kernels: k });
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  new Rng(1, 'shuffle').shuffle(order);
  const times: number[] = [];
  for (let s = 0; s < WARM_UP_STEPS + steps; s++) {
    const start = (s * BATCH) % (data.train.count - BATCH);
    const ms = timeMs(() => {
      if (k.gatherBatch) k.gatherBatch(model.input, model.labels, data.train, order, start, BATCH);
      else gatherBatch(model.input, model.labels, data.train, order, start, BATCH);
      model.lossAndGradient(BATCH);
      model.step(0.1);
    });
    if (s >= WARM_UP_STEPS) times.push(ms);
  }
  return median(times);
}

function setsUnderBench(options: BenchOptions): KernelSetUnderBench[] {
  const quick = options.quick ?? false;
  const sets: KernelSetUnderBench[] = [];
  try {
    loadNativeAddon();
    sets.push({ label: 'native (tuned)', create: () => createNativeKernels(), reps: quick ? 3 : 15, steps: quick ? 5 : 40 });
  } catch (error) {
    sets.push({ label: `native (unavailable: ${(error as Error).message})`, create: () => { throw error; }, reps: 0, steps: 0 });
  }
  for (const variant of ['relaxed', 'simd'] as const) {
    try {
      loadKernelModule(variant);
      sets.push({ label: `wasm ${variant === 'relaxed' ? 'FMA' : 'mul+add'}`, create: () => createWasmKernels({ variant }), reps: quick ? 3 : 15, steps: quick ? 5 : 40 });
    } catch (error) {
      sets.push({ label: `wasm ${variant} (unavailable: ${(error as Error).message})`, create: () => { throw error; }, reps: 0, steps: 0 });
    }
  }
  if (options.reference ?? true) {
    sets.push({ label: 'reference f32', create: () => createReferenceKernels('float32'), reps: quick ? 1 : 3, steps: quick ? 1 : 4 });
  }
  return sets;
}

/** Runs the benchmark and returns it as printable lines. */
export async function benchKernels(options: BenchOptions = {}): Promise<string> {
  const sets = setsUnderBench(options).filter((s) => s.reps > 0);
  const lines: string[] = [
    `kernel benchmark, one thread, Node ${process.version}; medians (products: ${sets.map((s) => `${s.label} ×${s.reps}`).join(', ')})`,
    '',
    `GFLOP/s per product of a training step (784-512-1024-10, batch ${BATCH})`,
    `${'product'.padEnd(28)}${sets.map((s) => s.label.padStart(16)).join('')}`,
  ];
  const perSet = sets.map((s) => ({ set: s, products: productTimes(s.create(), s.reps) }));
  STEP_PRODUCTS.forEach(({ label, M, K, N }, i) => {
    const flop = 2 * M * K * N;
    lines.push(`${label.padEnd(28)}${perSet.map(({ products }) => (flop / products[i] / 1e6).toFixed(1).padStart(16)).join('')}`);
  });
  const stepFlop = STEP_PRODUCTS.reduce((sum, { M, K, N }) => sum + 2 * M * K * N, 0);
  lines.push(
    `${'all eight (weighted)'.padEnd(28)}${perSet
      .map(({ products }) => (stepFlop / products.reduce((a, b) => a + b, 0) / 1e6).toFixed(1).padStart(16))
      .join('')}`,
    '',
    `training, study's setting (lr 0.1, batch ${BATCH}): one step = gather + forward + backward + SGD`,
    `${'kernel set'.padEnd(16)}${'ms/step'.padStart(10)}${'examples/s'.padStart(12)}${'s/epoch'.padStart(10)}${'products s/epoch'.padStart(18)}${'epoch/products'.padStart(16)}`,
  );
  for (const { set, products } of perSet) {
    const step = stepTime(set.create(), set.steps);
    const productsMs = products.reduce((a, b) => a + b, 0);
    const stepsPerEpoch = EPOCH_EXAMPLES / BATCH;
    lines.push(
      `${set.label.padEnd(16)}${step.toFixed(2).padStart(10)}${Math.round((BATCH / step) * 1000).toString().padStart(12)}` +
        `${((step * stepsPerEpoch) / 1000).toFixed(2).padStart(10)}${((productsMs * stepsPerEpoch) / 1000).toFixed(2).padStart(18)}` +
        `${(step / productsMs).toFixed(2).padStart(16)}`,
    );
  }
  lines.push('', 's/epoch = median step × 250 steps (training only; a validation pass is extra). Timings on a shared machine vary by ±10%.');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  process.stdout.write(`${await benchKernels({ quick, reference: !process.argv.includes('--no-reference') })}\n`);
}
