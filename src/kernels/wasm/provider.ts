/**
 * The `wasm` entry of the kernel registry. It is available when the module loads here and passes a
 * self-check against the reference set on a small ragged product; the first call pays for both.
 */
import { KernelUnavailableError } from '../../errors.js';
import { matmulNN as referenceMatmulNN } from '../reference.js';
import type { KernelProvider } from '../registry.js';
import { createWasmKernels } from './kernels.js';
import { loadKernelModule } from './module.js';

/** 7×9 · 9×13 (ragged against the 5×8 tile) must match float64 within this relative error. */
const SELF_CHECK_TOLERANCE = 1e-5;

function selfCheck(): string | null {
  const [M, K, N] = [7, 9, 13];
  const k = createWasmKernels();
  const a = k.allocate(M * K);
  const b = k.allocate(K * N);
  const out = k.allocate(M * N);
  a.forEach((_, i) => (a[i] = ((i * 7) % 11) / 11 - 0.5));
  b.forEach((_, i) => (b[i] = ((i * 5) % 13) / 13 - 0.5));
  k.matmulNN(out, a, b, M, K, N);
  const expected = new Float64Array(M * N);
  referenceMatmulNN(expected, Float64Array.from(a), Float64Array.from(b), M, K, N);
  for (let i = 0; i < M * N; i++) {
    if (!(Math.abs(out[i] - expected[i]) <= SELF_CHECK_TOLERANCE * (1 + Math.abs(expected[i])))) {
      return `its self-check failed: a 7×9·9×13 product gave ${out[i]} at ${i} where float64 gives ${expected[i]}`;
    }
  }
  return null;
}

let reason: string | null | undefined;

/** Why the wasm set cannot run here, or null. Computed once per process. */
export function wasmUnavailableReason(): string | null {
  if (reason === undefined) {
    try {
      loadKernelModule('auto');
      reason = selfCheck();
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  return reason;
}

export const wasmProvider: KernelProvider = {
  name: 'wasm',
  unavailableReason: wasmUnavailableReason,
  create(precision) {
    if (precision !== 'float32') {
      throw new KernelUnavailableError(`kernel set "wasm" has no ${precision} path`, {
        hint: 'use precision: float32, or kernels: reference for float64',
      });
    }
    return createWasmKernels();
  },
};
