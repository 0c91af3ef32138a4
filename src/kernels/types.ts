/**
 * The kernel-set contract: every numeric operation the network performs, and nothing else.
 * The network code calls only this record, so a faster set (WebAssembly, native) plugs in without
 * touching it. Matrices are dense and row-major. Arrays passed to a set's operations must come from
 * that set's own `allocate` (a fast set keeps them in its own memory and sees only offsets and sizes).
 *
 * Dimension letters: M rows of the batch, K inputs of a layer, N outputs of a layer.
 */
import type { Precision } from '../core/settings.js';
import type { Split } from '../data/dataset.js';

export type Vec = Float32Array | Float64Array;

export type KernelSetName = 'reference' | 'wasm' | 'native';

/** What one softmax + cross-entropy pass over a batch returns. */
export interface LossStats {
  /** Sum over the batch of −log p(label); divide by M for the mean. Non-finite means divergence. */
  lossSum: number;
  /** How many rows have their label as the (first) arg-max of the logits. */
  correct: number;
}

export interface Kernels {
  readonly name: KernelSetName;
  readonly precision: Precision;
  /** A short human description (instruction set, FMA or not), shown by `doctor` and stored in results. */
  readonly detail: string;

  /** A zero-filled array of `length` floats that lives as long as the kernel set. */
  allocate(length: number): Vec;
  /** A zero-filled array of `length` int32 labels that lives as long as the kernel set. */
  allocateLabels(length: number): Int32Array;

  /** out (M,N) = a (M,K) · b (K,N) */
  matmulNN(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void;
  /** out (K,N) = aᵀ · b, with a (M,K), b (M,N): the weight gradient Xᵀ·dZ. */
  matmulTN(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void;
  /** out (M,K) = a · bᵀ, with a (M,N), b (K,N): the input gradient dZ·Wᵀ. */
  matmulNT(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void;

  /** z (M,N) += bias (N) on every row. */
  biasAdd(z: Vec, bias: Vec, M: number, N: number): void;
  /** h (M,N) = max(0, h + bias) in place: the fused hidden-layer epilogue. */
  biasRelu(h: Vec, bias: Vec, M: number, N: number): void;
  /** dz (n) *= (h > 0): back through ReLU, using its output h (h > 0 exactly where z > 0). */
  reluBackward(dz: Vec, h: Vec, n: number): void;
  /** out (N) = the sum over the M rows of a (M,N): the bias gradient. */
  columnSum(out: Vec, a: Vec, M: number, N: number): void;
  /**
   * Softmax + cross-entropy of logits (M,N) against labels (M). When dlogits is given it receives
   * (softmax − onehot) · scale, the gradient of scale · Σ loss (scale = 1/M gives the mean's).
   */
  softmaxCrossEntropy(
    dlogits: Vec | null,
    logits: Vec,
    labels: Int32Array,
    M: number,
    N: number,
    scale: number,
  ): LossStats;
  /** param (n) −= lr · grad (n) */
  sgdUpdate(param: Vec, grad: Vec, lr: number, n: number): void;
  /**
   * Optional: `gatherBatch` (src/data/dataset.ts) done by the set, with the same bits (the native set
   * does it in C++, ~10× faster than the JavaScript loop); training uses it when a set has it.
   */
  gatherBatch?(x: Vec, labels: Int32Array, split: Split, order: Int32Array | null, start: number, rows: number): void;
}

/** A kernel set as the registry offers it (src/kernels/registry.ts). */
export interface KernelProvider {
  readonly name: KernelSetName;
  /** Why this set cannot run here, or null when it can. Cheap after the first call. */
  unavailableReason(): string | null;
  create(precision: Precision): Kernels;
}

/**
 * What a fast set gives the registry: its name, how to load its code, how to make a fresh set. The
 * registry adds the rest, the same for every fast set: the cached unavailable reason, the self-check and
 * the float32-only rule.
 */
export interface FastKernelSet {
  readonly name: Exclude<KernelSetName, 'reference'>;
  /** Loads the set's code (once: its loader remembers the outcome); throws an Error saying why it cannot run here. */
  load(): void;
  /** A fresh float32 set, for one job; called only once `load` has succeeded. */
  create(): Kernels;
}
