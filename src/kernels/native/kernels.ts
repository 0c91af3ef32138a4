/**
 * The `native` kernel set: the Kernels contract over the AVX2 + FMA addon (native/). The addon works
 * on the job's own Float32Arrays in place, with no copy per call; `allocate` hands out zero-filled
 * arrays aligned to a cache line, but any Float32Array of the right length is accepted. Every call is
 * checked by ../checked.ts (shared with the wasm set), and the addon re-checks bounds so that no call
 * can reach outside its arrays.
 */
import { KernelUnavailableError, ShapeError } from '../../errors.js';
import { checkDims, checkedKernels } from '../checked.js';
import type { Kernels } from '../types.js';
import { type NativeAddon, loadNativeAddon } from './addon.js';

/** What `detail` says: instruction set, tile, blocking, compiler. */
export function describeNative(addon: NativeAddon): string {
  const [mr, nr, kc, mc, sparse] = addon.tile();
  return (
    `native AVX2 + FMA float32, ${mr}×${nr} register tile, packed panels (KC ${kc}, MC ${mc}), ` +
    `compressed rows for inputs ≤ ${sparse}% non-zero, exact-zero skipping, ${addon.cpu().compiler}`
  );
}

export interface NativeKernelOptions {
  /**
   * For tests and measurements: a product whose A has at most this share of non-zeros takes the
   * compressed-row path (native/src/sparse.h); 0 never, 1 always. Default 0.30. Either path gives
   * the same bits.
   */
  sparseDensity?: number;
}

/** A fresh set with its own packing scratch, for one job. Throws KernelUnavailableError when it cannot load here. */
export function createNativeKernels(options: NativeKernelOptions = {}): Kernels {
  let addon: NativeAddon;
  try {
    addon = loadNativeAddon();
  } catch (error) {
    throw new KernelUnavailableError(`kernel set "native" is not available: ${(error as Error).message}`, {
      hint: 'use kernels: auto to fall back to the fastest set that runs here; `mlp-sweep doctor` says why',
      cause: error,
    });
  }
  const ctx = addon.createContext(options.sparseDensity);
  return checkedKernels<Float32Array, Int32Array>({
    name: 'native',
    detail: describeNative(addon),
    allocate: (length) => {
      checkDims('native', 'allocate', { length });
      return addon.allocate(length, false);
    },
    allocateLabels: (length) => {
      checkDims('native', 'allocateLabels', { length });
      return addon.allocate(length, true);
    },
    floats: (op, name, view) => {
      if (!(view instanceof Float32Array)) {
        throw new ShapeError(`native ${op}: ${name} must be a Float32Array (got a ${view?.constructor?.name}); use kernels.allocate()`);
      }
      return view;
    },
    labels: (op, labels) => {
      if (!(labels instanceof Int32Array)) {
        throw new ShapeError(`native ${op}: labels must be an Int32Array (got a ${(labels as object)?.constructor?.name}); use kernels.allocateLabels()`);
      }
      return labels;
    },
    gemm: (c, a, b, m, n, k, lda, aT, ldb, bT) => addon.gemm(ctx, c, a, b, m, n, k, lda, aT, ldb, bT),
    biasAdd: (z, bias, M, N) => addon.biasAdd(z, bias, M, N),
    biasRelu: (h, bias, M, N) => addon.biasRelu(h, bias, M, N),
    reluBackward: (dz, h, n) => addon.reluBackward(dz, h, n),
    columnSum: (out, a, M, N) => addon.columnSum(out, a, M, N),
    softmaxCrossEntropy: (dlogits, logits, labels, M, N, scale) => addon.softmaxCrossEntropy(dlogits, logits, labels, M, N, scale),
    sgdUpdate: (param, grad, lr, n) => addon.sgdUpdate(param, grad, lr, n),
  });
}
