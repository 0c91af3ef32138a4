/**
 * The kernel contract suite: every kernel set that runs here (the reference set in float32, the wasm
 * set in each of its builds, and whatever joins the registry later) against the float64 oracle, for
 * every operation, over a grid of shapes: 1×1×1, primes, sizes one off the 5×8 tile and off the
 * 256-deep reduction slice, narrow products (computed transposed), and the MLP's own (784-512-1024-10 at batch 200).
 *
 * Tolerances, and why:
 *  - matrix products: float32 summation of n products in any order is within γ_n·Σ|a·b| of the exact
 *    sum, γ_n = n·u/(1 − n·u), u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1); a fused multiply-add
 *    only removes roundings. We allow 2·n·2⁻²⁴·Σ|a·b| per element: rigorous, so never flaky, and a
 *    wrong or missing term (an error of order |a·b|, about Σ|a·b|/n) is still caught by far.
 *  - bias add, bias + ReLU, ReLU backward, column sum, SGD update: exactly the float64 result rounded
 *    to float32 (zero tolerance). One float32 rounding of a sum of two floats equals the float64 sum
 *    rounded, and the sets sum columns and apply SGD in float64 in the oracle's order.
 *  - softmax + cross-entropy: computed in float64 from the same float32 logits; exp and log may differ
 *    in the last bit between runtimes' libms, so the loss sum is held to 1e-12 relative and the
 *    float32 gradient to one float32 ulp (2⁻²³ relative, plus 2⁻¹⁴⁹ where it underflows); the count of correct rows exactly.
 */
import test from 'ava';
import { Rng } from '../../src/core/rng.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import { kernelProviders } from '../../src/kernels/registry.js';
import type { Kernels, Vec } from '../../src/kernels/types.js';
import { createWasmKernels } from '../../src/kernels/wasm/kernels.js';
import { loadKernelModule } from '../../src/kernels/wasm/module.js';

const oracle = createReferenceKernels('float64');
const U = 2 ** -24;

// ---- the sets under test: every available provider, and each wasm build on its own ----
interface SetUnderTest {
  label: string;
  create: () => Kernels;
}
const sets: SetUnderTest[] = [{ label: 'reference float32', create: () => createReferenceKernels('float32') }];
for (const provider of kernelProviders()) {
  if (provider.name !== 'reference' && provider.unavailableReason() === null) {
    sets.push({ label: `${provider.name} (auto)`, create: () => provider.create('float32') });
  }
}
for (const variant of ['relaxed', 'simd'] as const) {
  try {
    loadKernelModule(variant);
    sets.push({ label: `wasm ${variant} build`, create: () => createWasmKernels({ variant }) });
  } catch {
    // a build this runtime cannot run; the variants test says which and why
  }
}

// ---- shapes (M, K, N) ----
const SMALL: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 17],
  [3, 5, 7],
  [5, 9, 15],
  [4, 8, 8],
  [9, 7, 3],
  [17, 15, 9],
  [1, 33, 1],
  [33, 1, 31],
  [13, 257, 19], // one past a reduction slice
  [131, 300, 1031], // past a row block, a reduction slice and a column block, all ragged
  [4000, 20, 9], // narrow, but too tall to be computed transposed
];
const MLP: [number, number, number][] = [
  [200, 784, 512],
  [200, 512, 1024],
  [200, 1024, 10],
];
const MATMUL_SHAPES = [...SMALL, ...MLP];
const ELEMENTWISE_SHAPES: [number, number][] = [
  [1, 1],
  [7, 13],
  [3, 5],
  [5, 9],
  [1, 17],
  [4, 15],
  [31, 33],
  [200, 512],
  [200, 1024],
  [200, 10],
];

// ---- inputs: float32 values in [−1, 1), a quarter of them exactly zero (dead ReLUs, blank pixels) ----
function values(n: number, seed: number): Float64Array {
  const rng = new Rng(seed, 'sample');
  return Float64Array.from({ length: n }, () => (rng.uniform() < 0.25 ? 0 : Math.fround(2 * rng.uniform() - 1)));
}

function load(k: Kernels, data: ArrayLike<number>): Vec {
  const v = k.allocate(data.length);
  v.set(data);
  return v;
}

/** The float32-representable value the oracle's float64 result rounds to, NaN and −0 kept. */
const same = (got: number, exact: number): boolean => Object.is(got, Math.fround(exact));

// ---- matrix products ----
type MatmulOp = 'matmulNN' | 'matmulTN' | 'matmulNT';
/** [a length, b length, out length, reduction length] for each layout. */
function layout(op: MatmulOp, M: number, K: number, N: number): [number, number, number, number] {
  if (op === 'matmulNN') return [M * K, K * N, M * N, K];
  if (op === 'matmulTN') return [M * K, M * N, K * N, M];
  return [M * N, K * N, M * K, N];
}

interface Expected {
  a: Float64Array;
  b: Float64Array;
  exact: Float64Array;
  /** 2·n·2⁻²⁴·Σ|a·b| per element */
  tolerance: Float64Array;
}
const expectedCache = new Map<string, Expected>();

function expectedProduct(op: MatmulOp, M: number, K: number, N: number): Expected {
  const key = `${op} ${M} ${K} ${N}`;
  let e = expectedCache.get(key);
  if (!e) {
    const [la, lb, lo, n] = layout(op, M, K, N);
    const a = values(la, M * 1_000_003 + K * 1009 + N);
    const b = values(lb, N * 1_000_003 + K * 1009 + M + 7);
    const exact = new Float64Array(lo);
    oracle[op](exact, a, b, M, K, N);
    const tolerance = new Float64Array(lo);
    oracle[op](tolerance, a.map(Math.abs), b.map(Math.abs), M, K, N);
    tolerance.forEach((s, i) => (tolerance[i] = 2 * n * U * s));
    e = { a, b, exact, tolerance };
    expectedCache.set(key, e);
  }
  return e;
}

for (const set of sets) {
  for (const op of ['matmulNN', 'matmulTN', 'matmulNT'] as const) {
    test(`${set.label}: ${op} agrees with the float64 oracle within 2·n·2⁻²⁴·Σ|a·b| on every shape`, (t) => {
      const k = set.create();
      for (const [M, K, N] of MATMUL_SHAPES) {
        const { a, b, exact, tolerance } = expectedProduct(op, M, K, N);
        const out = k.allocate(exact.length);
        out.fill(Number.NaN); // every element must be written
        k[op](out, load(k, a), load(k, b), M, K, N);
        let worst = 0;
        let worstAt = 0;
        for (let i = 0; i < exact.length; i++) {
          const ratio = Math.abs(out[i] - exact[i]) / (tolerance[i] || Number.MIN_VALUE);
          if (!(ratio <= worst)) {
            worst = ratio;
            worstAt = i;
          }
        }
        t.log(`${op} M,K,N = ${M},${K},${N}: max |diff| / tolerance = ${worst.toFixed(4)}`);
        t.true(
          worst <= 1,
          `${op} (M,K,N) = (${M},${K},${N}): element ${worstAt} is ${out[worstAt]}, the oracle says ` +
            `${exact[worstAt]}, tolerance ${tolerance[worstAt]}`,
        );
      }
    });
  }

  test(`${set.label}: products whose a has whole zero rows and columns (MNIST borders, dead units) agree with the oracle`, (t) => {
    const k = set.create();
    for (const [M, K, N] of [[7, 13, 17], [200, 784, 512], [131, 300, 1031], [9, 5, 3]] as [number, number, number][]) {
      for (const op of ['matmulNN', 'matmulTN', 'matmulNT'] as const) {
        const [la, lb, lo, n] = layout(op, M, K, N);
        const cols = op === 'matmulNT' ? N : K; // a is (M,K) for NN and TN, (M,N) for NT
        for (const pattern of ['stripes', 'all zero'] as const) {
          // zero eight of every twelve columns, and some rows: whole micro-panels and reduction steps vanish
          const a = values(la, la + 5).map((v, i) => {
            const [r, c] = [Math.floor(i / cols), i % cols];
            return pattern === 'all zero' || Math.floor(c / 4) % 3 !== 2 || r < 5 || (r >= 8 && r < 16) ? 0 : v;
          });
          const b = values(lb, lb + 6);
          const exact = new Float64Array(lo);
          oracle[op](exact, a, b, M, K, N);
          const tolerance = new Float64Array(lo);
          oracle[op](tolerance, a.map(Math.abs), b.map(Math.abs), M, K, N);
          const out = k.allocate(lo);
          out.fill(Number.NaN);
          k[op](out, load(k, a), load(k, b), M, K, N);
          const bad = Array.from(out).findIndex((g, i) => !(Math.abs(g - exact[i]) <= 2 * n * U * tolerance[i]));
          t.is(bad, -1, `${op} (M,K,N) = (${M},${K},${N}), ${pattern}: element ${bad} is ${out[bad]}, the oracle says ${exact[bad]}`);
          if (pattern === 'all zero') t.true(Array.from(out).every((v) => Object.is(v, 0)), `${op}: an all-zero a gives +0 everywhere`);
        }
      }
    }
  });

  test(`${set.label}: a product with an empty reduction writes zeros`, (t) => {
    const k = set.create();
    const out = load(k, [1, 2, 3, 4, 5, 6]);
    k.matmulNN(out, k.allocate(0), k.allocate(0), 2, 0, 3);
    t.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
  });

  // ---- element-wise operations: exact ----
  test(`${set.label}: biasAdd and biasRelu equal the oracle rounded to float32, special values included`, (t) => {
    const k = set.create();
    for (const [M, N] of ELEMENTWISE_SHAPES) {
      const z = values(M * N, M + 31 * N);
      const bias = values(N, 7 * M + N);
      // specials: NaN, ±0, ±Infinity, a subnormal, and values that cancel the bias exactly
      const specials = [Number.NaN, -0, 0, Infinity, -Infinity, 2 ** -140, -bias[6 % N]];
      specials.forEach((v, i) => i < z.length && (z[i] = v));
      for (const op of ['biasAdd', 'biasRelu'] as const) {
        const expected = Float64Array.from(z);
        oracle[op](expected, bias, M, N);
        const got = load(k, z);
        k[op](got, load(k, bias), M, N);
        const bad = Array.from(got).findIndex((g, i) => !same(g, expected[i]));
        t.is(bad, -1, `${op} (M,N) = (${M},${N}): element ${bad} is ${got[bad]}, expected ${Math.fround(expected[bad])}`);
      }
    }
  });

  test(`${set.label}: reluBackward zeroes dz exactly where h is not > 0`, (t) => {
    const k = set.create();
    for (const [M, N] of ELEMENTWISE_SHAPES) {
      const n = M * N;
      const dz = values(n, n + 1);
      const h = values(n, n + 2).map((v) => Math.max(v, -0.1)); // negatives, zeros, positives
      [Number.NaN, -0, 2 ** -140].forEach((v, i) => i < n && (h[i] = v));
      const expected = Float64Array.from(dz);
      oracle.reluBackward(expected, h, n);
      const got = load(k, dz);
      k.reluBackward(got, load(k, h), n);
      const bad = Array.from(got).findIndex((g, i) => !same(g, expected[i]));
      t.is(bad, -1, `n = ${n}: element ${bad} is ${got[bad]}, expected ${expected[bad]}`);
    }
  });

  test(`${set.label}: columnSum equals the float64 column sums rounded to float32`, (t) => {
    const k = set.create();
    for (const [M, N] of ELEMENTWISE_SHAPES) {
      const a = values(M * N, 3 * M + N);
      const expected = new Float64Array(N);
      oracle.columnSum(expected, a, M, N);
      const got = k.allocate(N);
      k.columnSum(got, load(k, a), M, N);
      const bad = Array.from(got).findIndex((g, i) => !same(g, expected[i]));
      t.is(bad, -1, `(M,N) = (${M},${N}): column ${bad} sums to ${got[bad]}, expected ${Math.fround(expected[bad])}`);
    }
  });

  test(`${set.label}: sgdUpdate equals param − lr·grad in float64 rounded to float32`, (t) => {
    const k = set.create();
    for (const n of [1, 3, 5, 7, 9, 17, 1000, 937_482]) {
      const param = values(n, n);
      const grad = values(n, n + 1);
      for (const lr of [0.1, 0.01, 3]) {
        const expected = Float64Array.from(param);
        oracle.sgdUpdate(expected, grad, lr, n);
        const got = load(k, param);
        k.sgdUpdate(got, load(k, grad), lr, n);
        const bad = Array.from(got).findIndex((g, i) => !same(g, expected[i]));
        t.is(bad, -1, `n = ${n}, lr = ${lr}: element ${bad} is ${got[bad]}, expected ${Math.fround(expected[bad])}`);
      }
    }
  });

  // ---- softmax + cross-entropy ----
  test(`${set.label}: softmaxCrossEntropy agrees with the oracle: loss to 1e-12, gradient to one float32 ulp, correct exactly`, (t) => {
    const k = set.create();
    for (const [M, N] of [[1, 1], [1, 10], [7, 3], [200, 10], [33, 17]] as const) {
      const logits = values(M * N, M * N).map((v) => 8 * v);
      // a tie for the first arg-max, a large-logit row that would overflow exp without the max shift
      if (N > 2 && M > 2) {
        logits[0] = logits[1] = 9;
        for (let j = 0; j < N; j++) logits[N + j] = Math.fround(80 + j * 7.5);
      }
      const rng = new Rng(M + N, 'sample');
      const labels = Int32Array.from({ length: M }, (_, i) => (i === 0 ? Math.min(1, N - 1) : rng.int(0, N - 1)));
      const expected = new Float64Array(M * N);
      const want = oracle.softmaxCrossEntropy(expected, logits, labels, M, N, 1 / M);
      const kLabels = k.allocateLabels(M);
      kLabels.set(labels);
      const got = k.allocate(M * N);
      const stats = k.softmaxCrossEntropy(got, load(k, logits), kLabels, M, N, 1 / M);
      const withoutGradient = k.softmaxCrossEntropy(null, load(k, logits), kLabels, M, N, 0);
      t.true(Math.abs(stats.lossSum - want.lossSum) <= 1e-12 * Math.abs(want.lossSum), `(M,N) = (${M},${N}): loss ${stats.lossSum} vs ${want.lossSum}`);
      t.is(withoutGradient.lossSum, stats.lossSum);
      t.is(stats.correct, want.correct, `(M,N) = (${M},${N}): correct rows`);
      t.is(withoutGradient.correct, want.correct);
      // one ulp, and the float32 subnormal step for values that underflow
      const bad = Array.from(got).findIndex((g, i) => !(Math.abs(g - expected[i]) <= 2 ** -23 * Math.abs(expected[i]) + 2 ** -149));
      t.is(bad, -1, `(M,N) = (${M},${N}): dlogits[${bad}] is ${got[bad]}, expected ${expected[bad]}`);
    }
  });
}

test('the suite covers the reference set and at least one fast set', (t) => {
  t.log(`sets under test: ${sets.map((s) => s.label).join(', ')}`);
  t.true(sets.length >= 2);
});
