/**
 * The `native` entry of the kernel registry, ahead of wasm. It is available when the addon loads here,
 * the CPU has AVX2 + FMA (asked at run time), MLP_SWEEP_NO_NATIVE is not 1, and a start-up self-check
 * passes: the three product layouts on shapes ragged against every tile edge, against the reference
 * set in float64. The first call pays for all of it, once per thread.
 */
import { KernelUnavailableError } from '../../errors.js';
import { createReferenceKernels } from '../reference.js';
import type { KernelProvider } from '../registry.js';
import type { Kernels } from '../types.js';
import { loadNativeAddon } from './addon.js';
import { createNativeKernels } from './kernels.js';

/** Relative error allowed against float64: the products are ≤ 40 terms of values below 1. */
const SELF_CHECK_TOLERANCE = 1e-5;

/** Why `k` fails the self-check, or null. (M,K,N) = (13,19,37): 2 tiles of 6 rows + 1, 2 of 16 columns + 5. */
export function nativeSelfCheck(k: Kernels): string | null {
  const [M, K, N] = [13, 19, 37];
  const oracle = createReferenceKernels('float64');
  for (const op of ['matmulNN', 'matmulTN', 'matmulNT'] as const) {
    const [la, lb, lo] = op === 'matmulNN' ? [M * K, K * N, M * N] : op === 'matmulTN' ? [M * K, M * N, K * N] : [M * N, K * N, M * K];
    const a = k.allocate(la);
    const b = k.allocate(lb);
    const out = k.allocate(lo);
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

let reason: string | null | undefined;

/** Why the native set cannot run here, or null. Computed once per thread. */
export function nativeUnavailableReason(): string | null {
  if (reason === undefined) {
    try {
      loadNativeAddon();
      reason = nativeSelfCheck(createNativeKernels());
    } catch (error) {
      reason = (error as Error).message.replace(/^kernel set "native" is not available: /, '');
    }
  }
  return reason;
}

export const nativeProvider: KernelProvider = {
  name: 'native',
  unavailableReason: nativeUnavailableReason,
  create(precision) {
    if (precision !== 'float32') {
      throw new KernelUnavailableError(`kernel set "native" has no ${precision} path`, {
        hint: 'use precision: float32, or kernels: reference for float64',
      });
    }
    return createNativeKernels();
  },
};
