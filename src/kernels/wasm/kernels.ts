/**
 * The `wasm` kernel set: the Kernels contract over one WebAssembly instance with its own memory.
 * This side checks every call (the views belong to this set, the sizes fit them, an output does not
 * overlap its inputs) and passes the instance byte offsets and sizes only; the instance trusts them.
 *
 * Dimension letters as in ../types.ts: M rows of the batch, K inputs of a layer, N outputs of a layer.
 */
import { KernelUnavailableError, ShapeError } from '../../errors.js';
import type { Kernels, LossStats, Vec } from '../types.js';
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

  // ---- checks: every message names the operation, the argument, its shape and what was found ----
  const dims = (op: string, sizes: Record<string, number>): void => {
    for (const [name, value] of Object.entries(sizes)) {
      if (!Number.isInteger(value) || value < 0 || value > 0x3fffffff) {
        throw new ShapeError(`wasm ${op}: ${name} must be a non-negative integer (got ${value})`);
      }
    }
  };
  const floats = (op: string, name: string, view: Vec, shape: string, needed: number): number => {
    if (!(view instanceof Float32Array) || !arena.owns(view)) {
      const what = view instanceof Float32Array ? 'a Float32Array of another memory' : `a ${view?.constructor?.name}`;
      throw new ShapeError(
        `wasm ${op}: ${name} must be an array allocated by this kernel set (got ${what}); use kernels.allocate()`,
      );
    }
    if (view.length < needed) {
      throw new ShapeError(`wasm ${op}: ${name} ${shape} needs ${needed} floats, got an array of ${view.length}`);
    }
    return view.byteOffset;
  };
  const disjoint = (op: string, out: Vec, outFloats: number, name: string, input: Vec, inFloats: number): void => {
    const o0 = out.byteOffset;
    const i0 = input.byteOffset;
    if (outFloats > 0 && inFloats > 0 && o0 < i0 + inFloats * 4 && i0 < o0 + outFloats * 4) {
      throw new ShapeError(`wasm ${op}: out overlaps ${name}; a matrix product cannot write into its own input`);
    }
  };

  return {
    name: 'wasm',
    precision: 'float32',
    detail: describeModule(loaded),
    allocate: (length) => arena.allocateFloats(length),
    allocateLabels: (length) => arena.allocateInts(length),

    // out (M,N) = a (M,K) · b (K,N)
    matmulNN(out, a, b, M, K, N) {
      dims('matmulNN', { M, K, N });
      const pOut = floats('matmulNN', 'out', out, `(M,N) = (${M},${N})`, M * N);
      const pA = floats('matmulNN', 'a', a, `(M,K) = (${M},${K})`, M * K);
      const pB = floats('matmulNN', 'b', b, `(K,N) = (${K},${N})`, K * N);
      disjoint('matmulNN', out, M * N, 'a', a, M * K);
      disjoint('matmulNN', out, M * N, 'b', b, K * N);
      x.gemm(pOut, pA, pB, M, N, K, K, 0, N, 0);
    },

    // out (K,N) = aᵀ · b; a (M,K), b (M,N): a product of K rows, N columns, reduction over M
    matmulTN(out, a, b, M, K, N) {
      dims('matmulTN', { M, K, N });
      const pOut = floats('matmulTN', 'out', out, `(K,N) = (${K},${N})`, K * N);
      const pA = floats('matmulTN', 'a', a, `(M,K) = (${M},${K})`, M * K);
      const pB = floats('matmulTN', 'b', b, `(M,N) = (${M},${N})`, M * N);
      disjoint('matmulTN', out, K * N, 'a', a, M * K);
      disjoint('matmulTN', out, K * N, 'b', b, M * N);
      x.gemm(pOut, pA, pB, K, N, M, K, 1, N, 0);
    },

    // out (M,K) = a · bᵀ; a (M,N), b (K,N): a product of M rows, K columns, reduction over N
    matmulNT(out, a, b, M, K, N) {
      dims('matmulNT', { M, K, N });
      const pOut = floats('matmulNT', 'out', out, `(M,K) = (${M},${K})`, M * K);
      const pA = floats('matmulNT', 'a', a, `(M,N) = (${M},${N})`, M * N);
      const pB = floats('matmulNT', 'b', b, `(K,N) = (${K},${N})`, K * N);
      disjoint('matmulNT', out, M * K, 'a', a, M * N);
      disjoint('matmulNT', out, M * K, 'b', b, K * N);
      x.gemm(pOut, pA, pB, M, K, N, N, 0, N, 1);
    },

    biasAdd(z, bias, M, N) {
      dims('biasAdd', { M, N });
      x.biasAdd(floats('biasAdd', 'z', z, `(M,N) = (${M},${N})`, M * N), floats('biasAdd', 'bias', bias, `(N) = (${N})`, N), M, N);
    },

    biasRelu(h, bias, M, N) {
      dims('biasRelu', { M, N });
      x.biasRelu(floats('biasRelu', 'h', h, `(M,N) = (${M},${N})`, M * N), floats('biasRelu', 'bias', bias, `(N) = (${N})`, N), M, N);
    },

    reluBackward(dz, h, n) {
      dims('reluBackward', { n });
      x.reluBackward(floats('reluBackward', 'dz', dz, `(n) = (${n})`, n), floats('reluBackward', 'h', h, `(n) = (${n})`, n), n);
    },

    columnSum(out, a, M, N) {
      dims('columnSum', { M, N });
      const pOut = floats('columnSum', 'out', out, `(N) = (${N})`, N);
      const pA = floats('columnSum', 'a', a, `(M,N) = (${M},${N})`, M * N);
      disjoint('columnSum', out, N, 'a', a, M * N);
      x.columnSum(pOut, pA, M, N);
    },

    softmaxCrossEntropy(dlogits, logits, labels, M, N, scale): LossStats {
      dims('softmaxCrossEntropy', { M, N });
      const pLogits = floats('softmaxCrossEntropy', 'logits', logits, `(M,N) = (${M},${N})`, M * N);
      const pD = dlogits === null ? 0 : floats('softmaxCrossEntropy', 'dlogits', dlogits, `(M,N) = (${M},${N})`, M * N);
      if (!(labels instanceof Int32Array) || !arena.owns(labels)) {
        throw new ShapeError('wasm softmaxCrossEntropy: labels must come from this kernel set\'s allocateLabels()');
      }
      if (labels.length < M) {
        throw new ShapeError(`wasm softmaxCrossEntropy: labels (M) = (${M}) needs ${M} ints, got an array of ${labels.length}`);
      }
      for (let i = 0; i < M; i++) {
        const label = labels[i];
        if (!(label >= 0 && label < N)) {
          throw new ShapeError(`wasm softmaxCrossEntropy: labels[${i}] = ${label} is not a class of 0..${N - 1}`);
        }
      }
      const lossSum = x.softmaxCrossEntropy(pD, pLogits, labels.byteOffset, M, N, scale);
      return { lossSum, correct: x.softmaxCorrect() };
    },

    sgdUpdate(param, grad, lr, n) {
      dims('sgdUpdate', { n });
      x.sgdUpdate(floats('sgdUpdate', 'param', param, `(n) = (${n})`, n), floats('sgdUpdate', 'grad', grad, `(n) = (${n})`, n), lr, n);
    },
  };
}
