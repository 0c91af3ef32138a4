/**
 * What every fast kernel set shares: the Kernels contract over a backend that trusts its arguments.
 * This side checks every call (integer sizes, array kinds, lengths, a product's output not
 * overlapping its inputs, labels that are classes) and writes the messages, each naming the set,
 * the operation, the argument, its shape and what was found; the backend sees only handles (a byte
 * offset for WebAssembly, the typed array itself for the native addon) and sizes.
 *
 * Dimension letters as in ./types.ts: M rows of the batch, K inputs of a layer, N outputs of a layer.
 */
import type { Precision } from '../core/settings.js';
import { ShapeError } from '../errors.js';
import type { Kernels, KernelSetName, LossStats, Vec } from './types.js';

/** The raw operations of a kernel set, over handles H of float arrays and L of label arrays. */
export interface KernelBackend<H, L> {
  name: KernelSetName;
  detail: string;
  allocate(length: number): Vec;
  allocateLabels(length: number): Int32Array;
  /** The backend's handle of a float array; throws ShapeError when the array is not one it can use. */
  floats(op: string, name: string, view: Vec): H;
  /** The backend's handle of a label array; throws ShapeError when the array is not one it can use. */
  labels(op: string, labels: Int32Array): L;
  /** C (m,n) = A (m,k) · B (k,n); A(i,p) = aT ? a[p·lda + i] : a[i·lda + p], B likewise. */
  gemm(c: H, a: H, b: H, m: number, n: number, k: number, lda: number, aT: boolean, ldb: number, bT: boolean): void;
  biasAdd(z: H, bias: H, M: number, N: number): void;
  biasRelu(h: H, bias: H, M: number, N: number): void;
  reluBackward(dz: H, h: H, n: number): void;
  columnSum(out: H, a: H, M: number, N: number): void;
  softmaxCrossEntropy(dlogits: H | null, logits: H, labels: L, M: number, N: number, scale: number): LossStats;
  sgdUpdate(param: H, grad: H, lr: number, n: number): void;
}

/** Sizes must be integers in 0..2^30−1 (they become int32 byte counts on the backend's side). */
export function checkDims(set: KernelSetName, op: string, sizes: Record<string, number>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ShapeError(`${set} ${op}: ${name} must be a non-negative integer (got ${value})`);
    }
    if (value > 0x3fffffff) {
      throw new ShapeError(`${set} ${op}: ${name} is ${value}, more than the ${0x3fffffff} one kernel call can take (2^30 − 1)`);
    }
  }
}

/** A matrix's dimension letters (as in ./types.ts) and its sizes, formatted only when a check fails. */
type Letters = 'M,N' | 'M,K' | 'K,N' | 'N' | 'n';

function shapeText(letters: Letters, d0: number, d1: number): string {
  return d1 < 0 ? `(${letters}) = (${d0})` : `(${letters}) = (${d0},${d1})`;
}

export function checkedKernels<H, L>(backend: KernelBackend<H, L>, precision: Precision = 'float32'): Kernels {
  const set = backend.name;
  const x = backend;
  // Every check compares numbers and builds its message only when it fails: these run on every call.
  const dim = (op: string, name: string, value: number): void => {
    if (!Number.isInteger(value) || value < 0 || value > 0x3fffffff) checkDims(set, op, { [name]: value });
  };
  /** The handle of a (d0,d1) float array (d1 = -1: a vector of d0), which must hold d0·d1 floats. */
  const floats = (op: string, name: string, view: Vec, letters: Letters, d0: number, d1 = -1): H => {
    const handle = x.floats(op, name, view);
    const needed = d1 < 0 ? d0 : d0 * d1;
    if (view.length < needed) {
      throw new ShapeError(`${set} ${op}: ${name} ${shapeText(letters, d0, d1)} needs ${needed} floats, got an array of ${view.length}`);
    }
    return handle;
  };
  const disjoint = (op: string, out: Vec, outFloats: number, name: string, input: Vec, inFloats: number): void => {
    if (out.buffer !== input.buffer || outFloats === 0 || inFloats === 0) return;
    const o0 = out.byteOffset;
    const i0 = input.byteOffset;
    if (o0 < i0 + inFloats * 4 && i0 < o0 + outFloats * 4) {
      throw new ShapeError(`${set} ${op}: out overlaps ${name}; a matrix product cannot write into its own input`);
    }
  };
  const dims3 = (op: string, M: number, K: number, N: number): void => {
    dim(op, 'M', M);
    dim(op, 'K', K);
    dim(op, 'N', N);
  };
  const dims2 = (op: string, M: number, N: number): void => {
    dim(op, 'M', M);
    dim(op, 'N', N);
  };

  return {
    name: set,
    precision,
    detail: backend.detail,
    allocate: (length) => x.allocate(length),
    allocateLabels: (length) => x.allocateLabels(length),

    // out (M,N) = a (M,K) · b (K,N)
    matmulNN(out, a, b, M, K, N) {
      const op = 'matmulNN';
      dims3(op, M, K, N);
      const o = floats(op, 'out', out, 'M,N', M, N);
      const pa = floats(op, 'a', a, 'M,K', M, K);
      const pb = floats(op, 'b', b, 'K,N', K, N);
      disjoint(op, out, M * N, 'a', a, M * K);
      disjoint(op, out, M * N, 'b', b, K * N);
      x.gemm(o, pa, pb, M, N, K, K, false, N, false);
    },

    // out (K,N) = aᵀ · b; a (M,K), b (M,N): a product of K rows, N columns, reduction over M
    matmulTN(out, a, b, M, K, N) {
      const op = 'matmulTN';
      dims3(op, M, K, N);
      const o = floats(op, 'out', out, 'K,N', K, N);
      const pa = floats(op, 'a', a, 'M,K', M, K);
      const pb = floats(op, 'b', b, 'M,N', M, N);
      disjoint(op, out, K * N, 'a', a, M * K);
      disjoint(op, out, K * N, 'b', b, M * N);
      x.gemm(o, pa, pb, K, N, M, K, true, N, false);
    },

    // out (M,K) = a · bᵀ; a (M,N), b (K,N): a product of M rows, K columns, reduction over N
    matmulNT(out, a, b, M, K, N) {
      const op = 'matmulNT';
      dims3(op, M, K, N);
      const o = floats(op, 'out', out, 'M,K', M, K);
      const pa = floats(op, 'a', a, 'M,N', M, N);
      const pb = floats(op, 'b', b, 'K,N', K, N);
      disjoint(op, out, M * K, 'a', a, M * N);
      disjoint(op, out, M * K, 'b', b, K * N);
      x.gemm(o, pa, pb, M, K, N, N, false, N, true);
    },

    biasAdd(z, bias, M, N) {
      dims2('biasAdd', M, N);
      x.biasAdd(floats('biasAdd', 'z', z, 'M,N', M, N), floats('biasAdd', 'bias', bias, 'N', N), M, N);
    },

    biasRelu(h, bias, M, N) {
      dims2('biasRelu', M, N);
      x.biasRelu(floats('biasRelu', 'h', h, 'M,N', M, N), floats('biasRelu', 'bias', bias, 'N', N), M, N);
    },

    reluBackward(dz, h, n) {
      dim('reluBackward', 'n', n);
      x.reluBackward(floats('reluBackward', 'dz', dz, 'n', n), floats('reluBackward', 'h', h, 'n', n), n);
    },

    columnSum(out, a, M, N) {
      dims2('columnSum', M, N);
      const o = floats('columnSum', 'out', out, 'N', N);
      const pa = floats('columnSum', 'a', a, 'M,N', M, N);
      disjoint('columnSum', out, N, 'a', a, M * N);
      x.columnSum(o, pa, M, N);
    },

    softmaxCrossEntropy(dlogits, logits, labels, M, N, scale): LossStats {
      const op = 'softmaxCrossEntropy';
      dims2(op, M, N);
      const pl = floats(op, 'logits', logits, 'M,N', M, N);
      const pd = dlogits === null ? null : floats(op, 'dlogits', dlogits, 'M,N', M, N);
      const hl = x.labels(op, labels);
      if (labels.length < M) {
        throw new ShapeError(`${set} ${op}: labels (M) = (${M}) needs ${M} ints, got an array of ${labels.length}`);
      }
      for (let i = 0; i < M; i++) {
        const label = labels[i];
        if (!(label >= 0 && label < N)) {
          throw new ShapeError(`${set} ${op}: labels[${i}] = ${label} is not a class of 0..${N - 1}`);
        }
      }
      return x.softmaxCrossEntropy(pd, pl, hl, M, N, scale);
    },

    sgdUpdate(param, grad, lr, n) {
      dim('sgdUpdate', 'n', n);
      x.sgdUpdate(floats('sgdUpdate', 'param', param, 'n', n), floats('sgdUpdate', 'grad', grad, 'n', n), lr, n);
    },
  };
}
