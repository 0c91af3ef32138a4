/**
 * The native set's run-time choices change speed, never bits: every register tile (AVX2 6×16 and,
 * where the CPU has AVX-512F, 12×32 and 6×64), every blocking and every thread count computes each
 * element of a product as the same chain of fused multiply-adds in ascending reduction order (threads
 * split C's columns, or its rows when A comes transposed, never the reduction). So products and whole training runs must agree bit for bit
 * across them, with 1, 2 and 3 threads.
 */
import test from 'ava';
import type { TrainSettings } from '../../src/core/settings.js';
import { loadNativeAddon } from '../../src/kernels/native/addon.js';
import { createNativeKernels, nativeThreads, setNativeThreads } from '../../src/kernels/native/kernels.js';
import { mnist } from '../helpers/mnist.js';
import { nativeTest as nativeTestFor } from '../helpers/native.js';
import { OPS, firstDifference, product } from '../helpers/products.js';
import { trainSteps } from '../helpers/training.js';

const nativeTest = nativeTestFor(test, 'native threads and tiles');

// ragged against every tile's rows (6, 12) and columns (16, 32, 64), a narrow one, the study's
const SHAPES: [number, number, number][] = [[7, 13, 17], [13, 257, 19], [131, 300, 1031], [200, 1024, 10], [200, 784, 512]];

const tiles = (): number[] => (loadNativeAddon().cpu().avx512f ? [0, 1, 2] : [0]);

nativeTest('every tile, blocking and thread count gives the bits of the AVX2 tile on one thread', (t) => {
  const oracle = createNativeKernels({ tuning: { tile: 0, kc: 256, mc: 240 }, threads: 1 });
  const variants = tiles().flatMap((tile) => [1, 2, 3].map((threads) => ({ tuning: { tile, kc: threads === 2 ? 40 : 256, mc: threads === 2 ? 30 : 240 }, threads })));
  t.log(`tiles ${tiles().join(', ')} × 1, 2, 3 threads`);
  for (const op of OPS) {
    for (const [M, K, N] of SHAPES) {
      for (const zeros of [0.8, 0.3]) {
        const want = product(oracle, op, M, K, N, zeros);
        for (const options of variants) {
          const at = firstDifference(product(createNativeKernels(options), op, M, K, N, zeros), want);
          t.is(at, -1, `${op} (M,K,N) = (${M},${K},${N}), ${zeros * 100}% zeros, ${JSON.stringify(options)}: element ${at} differs`);
        }
      }
    }
  }
});

nativeTest('training on 1, 2 and 3 threads gives bit-identical losses and weights', (t) => {
  // 300 and 700 hidden units: the ReLU mask (200 × 700) and the SGD update are large enough to be split too
  const settings: Partial<TrainSettings> = { hidden_sizes: [300, 700], learning_rate: 0.1, init: 'glorot', seed: 5 };
  const runs = [1, 2, 3].map((threads) => trainSteps(mnist(), createNativeKernels({ threads }), settings, 8, 300));
  for (const run of runs.slice(1)) {
    t.deepEqual(run.losses, runs[0].losses);
    t.is(firstDifference(run.params, runs[0].params), -1);
    t.deepEqual(run.validation, runs[0].validation);
  }
});

nativeTest('setNativeThreads sets the threads of new sets, and a running set that follows it keeps its bits', (t) => {
  const before = nativeThreads();
  try {
    const k = createNativeKernels();
    t.regex(k.detail, new RegExp(`${before} threads?`));
    const want = product(k, 'matmulNN', 200, 784, 512, 0.8);
    setNativeThreads(3);
    t.is(firstDifference(product(k, 'matmulNN', 200, 784, 512, 0.8), want), -1);
    t.regex(createNativeKernels().detail, /3 threads/);
    t.throws(() => setNativeThreads(0), { message: /native threads must be an integer in 1\.\.64 \(got 0\)/ });
  } finally {
    setNativeThreads(before);
  }
});
