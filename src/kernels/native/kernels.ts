/**
 * The `native` kernel set: the Kernels contract over the AVX2 + FMA addon (native/). The addon works
 * on the job's own Float32Arrays in place, with no copy per call; `allocate` hands out zero-filled
 * arrays aligned to a cache line, but any Float32Array of the right length is accepted. This side
 * checks every call (types, integer sizes, lengths, a product's output not overlapping its inputs)
 * and writes the messages; the addon re-checks bounds so that no call can reach outside its arrays.
 *
 * Dimension letters as in ../types.ts: M rows of the batch, K inputs of a layer, N outputs of a layer.
 */
import { KernelUnavailableError, ShapeError } from '../../errors.js';
import type { Kernels, LossStats, Vec } from '../types.js';
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
  const x = addon;

  // ---- checks: every message names the operation, the argument, its shape and what was found ----
  const dims = (op: string, sizes: Record<string, number>): void => {
    for (const [name, value] of Object.entries(sizes)) {
      if (!Number.isInteger(value) || value < 0 || value > 0x3fffffff) {
        throw new ShapeError(`native ${op}: ${name} must be a non-negative integer (got ${value})`);
      }
    }
  };
  const floats = (op: string, name: string, view: Vec, shape: string, needed: number): Float32Array => {
    if (!(view instanceof Float32Array)) {
      throw new ShapeError(`native ${op}: ${name} must be a Float32Array (got a ${view?.constructor?.name}); use kernels.allocate()`);
    }
    if (view.length < needed) {
      throw new ShapeError(`native ${op}: ${name} ${shape} needs ${needed} floats, got an array of ${view.length}`);
    }
    return view;
  };
  const disjoint = (op: string, out: Vec, outFloats: number, name: string, input: Vec, inFloats: number): void => {
    if (out.buffer !== input.buffer || outFloats === 0 || inFloats === 0) return;
    const o0 = out.byteOffset;
    const i0 = input.byteOffset;
    if (o0 < i0 + inFloats * 4 && i0 < o0 + outFloats * 4) {
      throw new ShapeError(`native ${op}: out overlaps ${name}; a matrix product cannot write into its own input`);
    }
  };
  const product = (op: string, out: Vec, a: Vec, b: Vec, shapes: [string, number][], M: number, K: number, N: number) => {
    dims(op, { M, K, N });
    const [[so, lo], [sa, la], [sb, lb]] = shapes;
    const vo = floats(op, 'out', out, so, lo);
    const va = floats(op, 'a', a, sa, la);
    const vb = floats(op, 'b', b, sb, lb);
    disjoint(op, out, lo, 'a', a, la);
    disjoint(op, out, lo, 'b', b, lb);
    return [vo, va, vb] as const;
  };

  return {
    name: 'native',
    precision: 'float32',
    detail: describeNative(addon),
    allocate: (length) => {
      dims('allocate', { length });
      return x.allocate(length, false);
    },
    allocateLabels: (length) => {
      dims('allocateLabels', { length });
      return x.allocate(length, true);
    },

    // out (M,N) = a (M,K) · b (K,N)
    matmulNN(out, a, b, M, K, N) {
      const [o, pa, pb] = product('matmulNN', out, a, b, [[`(M,N) = (${M},${N})`, M * N], [`(M,K) = (${M},${K})`, M * K], [`(K,N) = (${K},${N})`, K * N]], M, K, N);
      x.gemm(ctx, o, pa, pb, M, N, K, K, false, N, false);
    },

    // out (K,N) = aᵀ · b; a (M,K), b (M,N): a product of K rows, N columns, reduction over M
    matmulTN(out, a, b, M, K, N) {
      const [o, pa, pb] = product('matmulTN', out, a, b, [[`(K,N) = (${K},${N})`, K * N], [`(M,K) = (${M},${K})`, M * K], [`(M,N) = (${M},${N})`, M * N]], M, K, N);
      x.gemm(ctx, o, pa, pb, K, N, M, K, true, N, false);
    },

    // out (M,K) = a · bᵀ; a (M,N), b (K,N): a product of M rows, K columns, reduction over N
    matmulNT(out, a, b, M, K, N) {
      const [o, pa, pb] = product('matmulNT', out, a, b, [[`(M,K) = (${M},${K})`, M * K], [`(M,N) = (${M},${N})`, M * N], [`(K,N) = (${K},${N})`, K * N]], M, K, N);
      x.gemm(ctx, o, pa, pb, M, K, N, N, false, N, true);
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
      const o = floats('columnSum', 'out', out, `(N) = (${N})`, N);
      const va = floats('columnSum', 'a', a, `(M,N) = (${M},${N})`, M * N);
      disjoint('columnSum', out, N, 'a', a, M * N);
      x.columnSum(o, va, M, N);
    },

    softmaxCrossEntropy(dlogits, logits, labels, M, N, scale): LossStats {
      dims('softmaxCrossEntropy', { M, N });
      const vl = floats('softmaxCrossEntropy', 'logits', logits, `(M,N) = (${M},${N})`, M * N);
      const vd = dlogits === null ? null : floats('softmaxCrossEntropy', 'dlogits', dlogits, `(M,N) = (${M},${N})`, M * N);
      if (!(labels instanceof Int32Array)) {
        throw new ShapeError(`native softmaxCrossEntropy: labels must be an Int32Array (got a ${(labels as object)?.constructor?.name}); use kernels.allocateLabels()`);
      }
      if (labels.length < M) {
        throw new ShapeError(`native softmaxCrossEntropy: labels (M) = (${M}) needs ${M} ints, got an array of ${labels.length}`);
      }
      for (let i = 0; i < M; i++) {
        const label = labels[i];
        if (!(label >= 0 && label < N)) {
          throw new ShapeError(`native softmaxCrossEntropy: labels[${i}] = ${label} is not a class of 0..${N - 1}`);
        }
      }
      return x.softmaxCrossEntropy(vd, vl, labels, M, N, scale);
    },

    sgdUpdate(param, grad, lr, n) {
      dims('sgdUpdate', { n });
      x.sgdUpdate(floats('sgdUpdate', 'param', param, `(n) = (${n})`, n), floats('sgdUpdate', 'grad', grad, `(n) = (${n})`, n), lr, n);
    },
  };
}
