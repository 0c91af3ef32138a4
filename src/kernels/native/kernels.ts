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
import { type NativeAddon, type NativeContext, type NativeTuningChoice, loadNativeAddon } from './addon.js';
import { nativeTuning } from './tuning.js';

/** What `detail` says: tile, blocking, sparse threshold, threads, compiler. */
export function describeNative(addon: NativeAddon, ctx: NativeContext): string {
  const t = addon.tuning(ctx);
  return (
    `native float32, ${t.tileName} register tile, packed panels (KC ${t.kc}, MC ${t.mc}), ` +
    `compressed rows${t.sparseZmm ? ' (zmm)' : ''} for inputs ≤ ${Math.round(t.sparseDensity * 100)}% non-zero, exact-zero skipping, ` +
    `${t.threads} thread${t.threads === 1 ? '' : 's'}, ${addon.cpu().compiler}`
  );
}

export interface NativeKernelOptions {
  /**
   * For tests and measurements: a product whose A has at most this share of non-zeros takes the
   * compressed-row path (native/src/sparse.h); 0 never, 1 always. Default: this CPU's tuning
   * (./tuning.ts). Either path gives the same bits.
   */
  sparseDensity?: number;
  /** Threads each product's columns are split over; default nativeThreads(). The same bits for any count. */
  threads?: number;
  /**
   * For tests and measurements: the compressed-row path in zmm registers (true; needs AVX-512F) or ymm
   * (false). Default: zmm where the CPU has AVX-512F. The same bits either way.
   */
  sparseZmm?: boolean;
  /** For tests and measurements: a tile or blocking instead of this CPU's tuning (the same bits). */
  tuning?: Partial<Pick<NativeTuningChoice, 'tile' | 'kc' | 'mc'>>;
}

/** Threads a native set uses when its options do not say; see setNativeThreads. */
let defaultThreads = 1;

/**
 * The hook for the pool and for `train`: how many threads native sets of this thread use from now on,
 * including sets already running (they pick it up at their next product). Results are bit-identical
 * for any count: threads split each product's output columns and every element keeps its chain of
 * fused multiply-adds. MLP_SWEEP_THREADS sets the starting value.
 */
export function setNativeThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new ShapeError(`native threads must be an integer in 1..64 (got ${threads})`);
  }
  defaultThreads = threads;
}

/** A shared cell another thread (the pool) writes the wanted thread count into; see setNativeThreadsSource. */
let source: Int32Array | null = null;

/**
 * The pool's hook for idle cores: while `cell` is set, native sets of this thread follow the count in
 * cell[0] (read with Atomics before each product and SGD step, so a running job takes up cores that
 * free up when fewer jobs than cores remain, and gives them back). null returns to setNativeThreads.
 */
export function setNativeThreadsSource(cell: Int32Array | null): void {
  source = cell;
}

export function nativeThreads(): number {
  if (source !== null) {
    const wanted = Atomics.load(source, 0);
    if (Number.isInteger(wanted) && wanted >= 1 && wanted <= 64) return wanted;
  }
  return defaultThreads;
}

const fromEnv = Number(process.env.MLP_SWEEP_THREADS);
if (Number.isInteger(fromEnv) && fromEnv >= 1 && fromEnv <= 64) defaultThreads = fromEnv;

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
  const ctx = addon.createContext();
  const { choice } = nativeTuning(addon);
  addon.configure(ctx, { tile: choice.tile, kc: choice.kc, mc: choice.mc, sparseDensity: choice.sparseDensity, ...options.tuning });
  if (options.sparseDensity !== undefined) addon.configure(ctx, { sparseDensity: options.sparseDensity });
  if (options.sparseZmm !== undefined) addon.configure(ctx, { sparseZmm: options.sparseZmm ? 1 : 0 });
  // fixed threads from the options, else follow setNativeThreads (checked before each product)
  const fixedThreads = options.threads;
  let threads = fixedThreads ?? nativeThreads();
  addon.configure(ctx, { threads });
  const followThreads = (): void => {
    if (fixedThreads === undefined && threads !== nativeThreads()) {
      threads = nativeThreads();
      addon.configure(ctx, { threads });
    }
  };
  const kernels = checkedKernels<Float32Array, Int32Array>({
    name: 'native',
    detail: describeNative(addon, ctx),
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
    gemm: (c, a, b, m, n, k, lda, aT, ldb, bT) => {
      followThreads();
      addon.gemm(ctx, c, a, b, m, n, k, lda, aT, ldb, bT);
    },
    biasAdd: (z, bias, M, N) => addon.biasAdd(z, bias, M, N, ctx),
    biasRelu: (h, bias, M, N) => addon.biasRelu(h, bias, M, N, ctx),
    reluBackward: (dz, h, n) => addon.reluBackward(dz, h, n, ctx),
    columnSum: (out, a, M, N) => addon.columnSum(out, a, M, N),
    softmaxCrossEntropy: (dlogits, logits, labels, M, N, scale) => addon.softmaxCrossEntropy(dlogits, logits, labels, M, N, scale),
    sgdUpdate: (param, grad, lr, n) => {
      followThreads();
      addon.sgdUpdate(param, grad, lr, n, ctx);
    },
  });
  kernels.gatherBatch = (x, labels, split, order, start, rows) => {
    checkDims('native', 'gatherBatch', { start, rows });
    if (!(x instanceof Float32Array)) throw new ShapeError(`native gatherBatch: x must be a Float32Array (got a ${x?.constructor?.name}); use kernels.allocate()`);
    if (x.length < rows * split.features) {
      throw new ShapeError(`native gatherBatch: x (${rows},${split.features}) needs ${rows * split.features} floats, got an array of ${x.length}`);
    }
    const last = start + rows;
    if (last > (order ? order.length : split.count)) {
      throw new ShapeError(`native gatherBatch: examples ${start}..${last - 1} run past the ${order ? `order's ${order.length}` : `split's ${split.count}`}`);
    }
    addon.gatherRows(x, labels, split.images, split.labels, order, start, rows, split.features);
  };
  return kernels;
}
