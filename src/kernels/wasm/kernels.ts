/**
 * The `wasm` kernel set: the Kernels contract over one WebAssembly instance with its own memory.
 * Every call is checked by ../checked.ts (shared with the native set: the views belong to this set,
 * the sizes fit them, an output does not overlap its inputs); the instance gets byte offsets and
 * sizes only, and trusts them.
 */
import { KernelUnavailableError, ShapeError } from '../../errors.js';
import { checkedKernels } from '../checked.js';
import type { Kernels } from '../types.js';
import { WasmArena } from './arena.js';
import { type KernelModule, type WasmVariant, loadKernelModule } from './module.js';

export interface WasmKernelOptions {
  /** Which build to run; `auto` (the default) takes the relaxed-SIMD one when this runtime has it. */
  variant?: WasmVariant | 'auto';
}

/** What `detail` says of a loaded module: instruction set, multiply-add, tile. */
export function describeModule(loaded: KernelModule): string {
  const madd =
    loaded.variant === 'relaxed'
      ? `relaxed SIMD madd (${loaded.fusedMadd ? 'fused: one rounding' : 'not fused here: mul + add'})`
      : `mul + add${loaded.relaxedUnavailable ? ` (${loaded.relaxedUnavailable})` : ''}`;
  return `WebAssembly SIMD128 float32, ${madd}, ${loaded.tile} register tile, packed panels`;
}

/** A fresh set: its own instance and memory, for one job. Throws KernelUnavailableError when it cannot load here. */
export function createWasmKernels(options: WasmKernelOptions = {}): Kernels {
  const variant = options.variant ?? 'auto';
  let loaded: KernelModule;
  try {
    loaded = loadKernelModule(variant);
  } catch (error) {
    throw new KernelUnavailableError(
      `kernel set "wasm"${variant === 'auto' ? '' : ` (${variant} build)`} is not available: ${(error as Error).message}`,
      { hint: 'use kernels: auto to fall back to the fastest set that runs here; `mlp-sweep doctor` says why', cause: error },
    );
  }
  const arena = new WasmArena(loaded.module);
  const x = arena.exports;
  return checkedKernels<number, number>({
    name: 'wasm',
    detail: describeModule(loaded),
    allocate: (length) => arena.allocateFloats(length),
    allocateLabels: (length) => arena.allocateInts(length),
    // the instance sees byte offsets into its own memory, so every array must live there
    floats: (op, name, view) => {
      if (!(view instanceof Float32Array) || !arena.owns(view)) {
        const what = view instanceof Float32Array ? 'a Float32Array of another memory' : `a ${view?.constructor?.name}`;
        throw new ShapeError(
          `wasm ${op}: ${name} must be an array allocated by this kernel set (got ${what}); use kernels.allocate()`,
        );
      }
      return view.byteOffset;
    },
    labels: (op, labels) => {
      if (!(labels instanceof Int32Array) || !arena.owns(labels)) {
        throw new ShapeError(`wasm ${op}: labels must come from this kernel set's allocateLabels()`);
      }
      return labels.byteOffset;
    },
    gemm: (c, a, b, m, n, k, lda, aT, ldb, bT) => x.gemm(c, a, b, m, n, k, lda, aT ? 1 : 0, ldb, bT ? 1 : 0),
    biasAdd: (z, bias, M, N) => x.biasAdd(z, bias, M, N),
    biasRelu: (h, bias, M, N) => x.biasRelu(h, bias, M, N),
    reluBackward: (dz, h, n) => x.reluBackward(dz, h, n),
    columnSum: (out, a, M, N) => x.columnSum(out, a, M, N),
    softmaxCrossEntropy: (dlogits, logits, labels, M, N, scale) => {
      // a null dlogits is offset 0: the instance writes no gradient there
      const lossSum = x.softmaxCrossEntropy(dlogits ?? 0, logits, labels, M, N, scale);
      return { lossSum, correct: x.softmaxCorrect() };
    },
    sgdUpdate: (param, grad, lr, n) => x.sgdUpdate(param, grad, lr, n),
  });
}
