/**
 * The native set's matrix product has three paths (blocked 6×16 tiles, compressed rows for a mostly
 * zero A, and Cᵀ = Bᵀ·Aᵀ for narrow products) and all three compute each element as the same chain of
 * fused multiply-adds in ascending reduction order, minus exact zeros. So they must agree bit for bit,
 * and any run must repeat its bits: no threads inside a kernel, a fixed order.
 */
import test from 'ava';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import { loadNativeAddon } from '../../src/kernels/native/addon.js';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { nativeTest as nativeTestFor } from '../helpers/native.js';
import { OPS, fill, firstDifference, lengths, product } from '../helpers/products.js';

const nativeTest = nativeTestFor(test, 'native');

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [7, 13, 17], [5, 9, 15], [9, 7, 3], [33, 1, 31], [13, 257, 19], [131, 300, 1031], [200, 784, 512], [200, 1024, 10], [4000, 20, 9],
];

nativeTest('the compressed-row path and the blocked product give the same bits, on every layout and shape', (t) => {
  const sparse = createNativeKernels({ sparseDensity: 1 });
  const blocked = createNativeKernels({ sparseDensity: 0 });
  for (const op of OPS) {
    for (const [M, K, N] of SHAPES) {
      for (const zeros of [0.8, 0.25]) {
        const at = firstDifference(product(sparse, op, M, K, N, zeros), product(blocked, op, M, K, N, zeros));
        t.is(at, -1, `${op} (M,K,N) = (${M},${K},${N}), ${zeros * 100}% zeros: element ${at} differs`);
      }
    }
  }
});

nativeTest('a product run again, in another set, gives the same bits', (t) => {
  for (const op of OPS) {
    for (const [M, K, N] of SHAPES) {
      const first = product(createNativeKernels(), op, M, K, N, 0.5);
      const k = createNativeKernels();
      product(k, op, 131, 300, 1031, 0.3); // another product first: the scratch holds old panels
      t.is(firstDifference(product(k, op, M, K, N, 0.5), first), -1, `${op} (M,K,N) = (${M},${K},${N})`);
    }
  }
});

nativeTest('a narrow product computed transposed gives the bits of the same product computed wide', (t) => {
  // out (M,N) with N = 10 goes the Cᵀ way; the same numbers as (N rows, M columns) do not
  const k = createNativeKernels();
  const [M, K, N] = [200, 1024, 10];
  const a = fill(k.allocate(M * K), 1, 0.4);
  const b = fill(k.allocate(K * N), 2, 0);
  const narrow = k.allocate(M * N);
  k.matmulNN(narrow, a, b, M, K, N);
  // the wide twin: outᵀ (N,M) = bᵀ (N,K) · aᵀ (K,M), as a TN-free NT product: bᵀ·aᵀ = matmulNT(bT, a)
  const bT = k.allocate(N * K);
  for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) bT[j * K + p] = b[p * N + j];
  const wide = k.allocate(N * M);
  k.matmulNT(wide, bT, a, N, M, K);
  const transposed = k.allocate(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) transposed[i * N + j] = wide[j * M + i];
  t.is(firstDifference(narrow, transposed), -1);
});

nativeTest('the float64 check products equal the reference set\'s bit for bit', (t) => {
  const addon = loadNativeAddon();
  const oracle = createReferenceKernels('float64');
  for (const [layout, op] of OPS.entries()) {
    for (const [M, K, N] of SHAPES.slice(0, 8)) {
      const [la, lb, lo] = lengths(op, M, K, N);
      const a = fill(new Float64Array(la), 3, 0.3) as Float64Array;
      const b = fill(new Float64Array(lb), 4, 0) as Float64Array;
      const want = new Float64Array(lo);
      oracle[op](want, a, b, M, K, N);
      const got = new Float64Array(lo);
      addon.matmulF64(layout as 0 | 1 | 2, got, a, b, M, K, N);
      t.is(firstDifference(got, want), -1, `${op} (M,K,N) = (${M},${K},${N})`);
    }
  }
});

nativeTest('an input-gradient product (A·Bᵀ) whose A has all-zero columns (dead units) gives the bits of A times B transposed by hand', (t) => {
  // the transposed B is packed eight reduction indices at a time; dead columns of A leave gaps in the
  // indices the pack takes, at the start, inside a run of eight, next to each other and in the last
  // seven (a run of eight there would read past the row)
  const k = createNativeKernels({ sparseDensity: 0 });
  for (const [M, K, N] of [[200, 512, 1024], [37, 70, 203], [13, 129, 41], [6, 64, 9]] as [number, number, number][]) {
    for (const dead of [[], [0], [3, 4, 5], [8, 17, 40], [N - 1], [N - 7, N - 2]]) {
      const a = fill(k.allocate(M * N), 11, 0.4);
      for (const j of dead) for (let i = 0; i < M; i++) a[i * N + j] = 0;
      const b = fill(k.allocate(K * N), 12, 0.1);
      const bT = k.allocate(N * K);
      for (let r = 0; r < K; r++) for (let j = 0; j < N; j++) bT[j * K + r] = b[r * N + j];
      const viaNT = k.allocate(M * K).fill(Number.NaN);
      k.matmulNT(viaNT, a, b, M, K, N);
      const viaNN = k.allocate(M * K).fill(Number.NaN);
      k.matmulNN(viaNN, a, bT, M, N, K);
      const at = firstDifference(viaNT, viaNN);
      t.is(at, -1, `(M,K,N) = (${M},${K},${N}), dead columns [${dead.join(', ')}]: element ${at} differs`);
    }
  }
});

nativeTest('the compressed-row path in zmm registers gives the bits of its ymm twin, on every layout and shape', (t) => {
  const addon = loadNativeAddon();
  if (!addon.cpu().avx512f) {
    t.log('no AVX-512F on this CPU: only the ymm passes run here (the paths test above checks them)');
    t.pass();
    return;
  }
  const zmm = createNativeKernels({ sparseDensity: 1, sparseZmm: true });
  const ymm = createNativeKernels({ sparseDensity: 1, sparseZmm: false });
  t.regex(zmm.detail, /compressed rows \(zmm\)/);
  t.notRegex(ymm.detail, /\(zmm\)/);
  for (const op of OPS) {
    for (const [M, K, N] of SHAPES) {
      for (const zeros of [0.8, 0.44]) {
        const at = firstDifference(product(zmm, op, M, K, N, zeros), product(ymm, op, M, K, N, zeros));
        t.is(at, -1, `${op} (M,K,N) = (${M},${K},${N}), ${zeros * 100}% zeros: element ${at} differs`);
      }
    }
  }
});
