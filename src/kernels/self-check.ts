/**
 * The start-up self-check every fast kernel set passes before the registry offers it: the three product
 * layouts on one shape ragged against every tile edge of every set, against the reference set in float64.
 */
import { createReferenceKernels } from './reference.js';
import type { Kernels } from './types.js';

/**
 * (M,K,N) = (13,19,37): against native's 6×16 tile, 2 tiles of rows + 1 and 2 of columns + 5; against
 * wasm's 5×8, 2 of rows + 3 and 4 of columns + 5; K = 19 is no multiple of any unroll.
 */
export const SELF_CHECK_SHAPE = [13, 19, 37] as const;

/** Relative error allowed against float64: the products are ≤ 40 terms of values below 1. */
const SELF_CHECK_TOLERANCE = 1e-5;

/** Why `k` fails the self-check, or null. */
export function selfCheck(k: Kernels): string | null {
  const [M, K, N] = SELF_CHECK_SHAPE;
  const oracle = createReferenceKernels('float64');
  for (const op of ['matmulNN', 'matmulTN', 'matmulNT'] as const) {
    const [la, lb, lo] = op === 'matmulNN' ? [M * K, K * N, M * N] : op === 'matmulTN' ? [M * K, M * N, K * N] : [M * N, K * N, M * K];
    const a = k.allocate(la);
    const b = k.allocate(lb);
    const out = k.allocate(lo);
    // every fifth entry of a is zero, so a set with a sparse path is checked on it too
    a.forEach((_, i) => (a[i] = i % 5 === 0 ? 0 : ((i * 7) % 11) / 11 - 0.5));
    b.forEach((_, i) => (b[i] = ((i * 5) % 13) / 13 - 0.5));
    out.fill(Number.NaN);
    k[op](out, a, b, M, K, N);
    const expected = new Float64Array(lo);
    oracle[op](expected, Float64Array.from(a), Float64Array.from(b), M, K, N);
    for (let i = 0; i < lo; i++) {
      if (!(Math.abs(out[i] - expected[i]) <= SELF_CHECK_TOLERANCE * (1 + Math.abs(expected[i])))) {
        return `its self-check failed: ${op} (M,K,N) = (${M},${K},${N}) gave ${out[i]} at ${i} where float64 gives ${expected[i]}`;
      }
    }
  }
  return null;
}
