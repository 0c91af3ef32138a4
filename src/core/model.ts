/**
 * The multilayer perceptron: dense layers with ReLU between them and a softmax output, its forward
 * and backward passes written out layer by layer. All parameters live in one allocation with named
 * views (and the gradients in a second one with the same layout), so SGD is one call and the
 * gradient check can walk every tensor by name.
 *
 * Dimension letters: M rows of the batch (≤ capacity), L layers, sizes[l] the width of layer l
 * (sizes[0] the input, sizes[L] the classes).
 */
import { ShapeError } from '../errors.js';
import type { Kernels, LossStats, Vec } from '../kernels/types.js';

export interface Layer {
  /** 1-based, as in the study: W1 maps the input to the first hidden layer. */
  index: number;
  fanIn: number;
  fanOut: number;
  W: Vec; // (fanIn, fanOut)
  b: Vec; // (fanOut)
  dW: Vec; // (fanIn, fanOut)
  db: Vec; // (fanOut)
}

/** A named parameter tensor as plain numbers: what `exportParameters` returns and `importParameters` takes. */
export interface ParameterTensor {
  name: string;
  shape: number[];
  values: number[];
}

export class Mlp {
  readonly sizes: readonly number[];
  readonly kernels: Kernels;
  /** Every weight and bias, one allocation; `layers` holds named views into it. */
  readonly params: Vec;
  /** The gradient of the batch's mean loss, same layout as `params`. */
  readonly grads: Vec;
  readonly layers: readonly Layer[];
  /** The most rows a batch (training or evaluation) may have. */
  readonly capacity: number;
  /** The batch input (capacity, sizes[0]): fill its first M rows, then call forward or lossAndGradient. */
  readonly input: Vec;
  /** The batch labels (capacity). */
  readonly labels: Int32Array;
  /** acts[l] (capacity, sizes[l]): acts[0] is the input, acts[l] the ReLU output, acts[L] the logits. */
  private readonly acts: Vec[];
  /** deltas[l] (capacity, sizes[l]): the gradient of the loss with respect to layer l's pre-activation. */
  private readonly deltas: Vec[];

  constructor(sizes: readonly number[], kernels: Kernels, capacity: number) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new ShapeError(`layer sizes must be two or more positive integers (got [${sizes.join(', ')}])`);
    }
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ShapeError(`batch capacity must be a positive integer (got ${capacity})`);
    }
    this.sizes = [...sizes];
    this.kernels = kernels;
    this.capacity = capacity;
    let total = 0;
    for (let l = 1; l < sizes.length; l++) total += sizes[l - 1] * sizes[l] + sizes[l];
    this.params = kernels.allocate(total);
    this.grads = kernels.allocate(total);
    const layers: Layer[] = [];
    let offset = 0;
    for (let l = 1; l < sizes.length; l++) {
      const fanIn = sizes[l - 1];
      const fanOut = sizes[l];
      const wEnd = offset + fanIn * fanOut;
      const bEnd = wEnd + fanOut;
      layers.push({
        index: l,
        fanIn,
        fanOut,
        W: this.params.subarray(offset, wEnd),
        b: this.params.subarray(wEnd, bEnd),
        dW: this.grads.subarray(offset, wEnd),
        db: this.grads.subarray(wEnd, bEnd),
      });
      offset = bEnd;
    }
    this.layers = layers;
    this.acts = sizes.map((s) => kernels.allocate(capacity * s));
    this.deltas = sizes.map((s, l) => (l === 0 ? kernels.allocate(0) : kernels.allocate(capacity * s)));
    this.input = this.acts[0];
    this.labels = kernels.allocateLabels(capacity);
  }

  get parameterCount(): number {
    return this.params.length;
  }

  get classes(): number {
    return this.sizes[this.sizes.length - 1];
  }

  private checkRows(M: number): void {
    if (!Number.isInteger(M) || M < 1 || M > this.capacity) {
      throw new ShapeError(`batch of ${M} rows does not fit a model built for 1..${this.capacity} rows`);
    }
  }

  /** Forward pass over the first M rows of `input`; returns the logits (M, classes) as a view. */
  forward(M: number): Vec {
    this.checkRows(M);
    const k = this.kernels;
    const last = this.layers.length - 1;
    for (const layer of this.layers) {
      const l = layer.index;
      // inp (M, fanIn) · W (fanIn, fanOut) → out (M, fanOut)
      const out = this.acts[l];
      k.matmulNN(out, this.acts[l - 1], layer.W, M, layer.fanIn, layer.fanOut);
      if (l - 1 === last) k.biasAdd(out, layer.b, M, layer.fanOut);
      else k.biasRelu(out, layer.b, M, layer.fanOut);
    }
    return this.acts[this.layers.length].subarray(0, M * this.classes);
  }

  /** Mean-loss statistics of the first M rows, without gradients. */
  evaluate(M: number): LossStats {
    const logits = this.forward(M);
    return this.kernels.softmaxCrossEntropy(null, logits, this.labels, M, this.classes, 0);
  }

  /**
   * Forward and backward over the first M rows: fills `grads` with the gradient of the mean
   * cross-entropy over those rows, and returns the loss statistics (sum, correct).
   */
  lossAndGradient(M: number): LossStats {
    const logits = this.forward(M);
    const k = this.kernels;
    const L = this.layers.length;
    // softmax + cross-entropy: d(mean loss)/d(logits) = (p − onehot) / M
    const stats = k.softmaxCrossEntropy(this.deltas[L], logits, this.labels, M, this.classes, 1 / M);
    for (let l = L; l >= 1; l--) {
      const layer = this.layers[l - 1];
      const dZ = this.deltas[l]; // (M, fanOut)
      const inp = this.acts[l - 1]; // (M, fanIn)
      // dW (fanIn, fanOut) = inpᵀ · dZ;  db (fanOut) = Σ_rows dZ
      k.matmulTN(layer.dW, inp, dZ, M, layer.fanIn, layer.fanOut);
      k.columnSum(layer.db, dZ, M, layer.fanOut);
      if (l > 1) {
        // dInp (M, fanIn) = dZ · Wᵀ, then back through the ReLU that produced inp
        const dPrev = this.deltas[l - 1];
        k.matmulNT(dPrev, dZ, layer.W, M, layer.fanIn, layer.fanOut);
        k.reluBackward(dPrev, inp, M * layer.fanIn);
      }
    }
    return stats;
  }

  /** One SGD step with the gradients of the last `lossAndGradient`: params −= lr · grads. */
  step(learningRate: number): void {
    this.kernels.sgdUpdate(this.params, this.grads, learningRate, this.params.length);
  }

  /** Every parameter tensor by name (W1, b1, W2, …), shape and values as plain numbers. */
  exportParameters(): ParameterTensor[] {
    return this.tensors().map(({ name, shape, values }) => ({ name, shape, values: Array.from(values) }));
  }

  /** Sets every parameter from plain numbers; names and shapes must match `exportParameters`. */
  importParameters(tensors: readonly ParameterTensor[]): void {
    const own = this.tensors();
    if (tensors.length !== own.length) {
      throw new ShapeError(`expected ${own.length} tensors (${own.map((t) => t.name).join(', ')}), got ${tensors.length}`);
    }
    own.forEach((target, i) => {
      const source = tensors[i];
      if (source.name !== target.name || source.values.length !== target.values.length) {
        throw new ShapeError(
          `tensor ${i}: expected ${target.name} [${target.shape.join(', ')}] (${target.values.length} values), ` +
            `got ${source.name} [${source.shape.join(', ')}] (${source.values.length} values)`,
        );
      }
      target.values.set(source.values);
    });
  }

  /** Parameter and gradient views by name, in layout order. */
  tensors(): { name: string; shape: number[]; values: Vec; grad: Vec }[] {
    return this.layers.flatMap((layer) => [
      { name: `W${layer.index}`, shape: [layer.fanIn, layer.fanOut], values: layer.W, grad: layer.dW },
      { name: `b${layer.index}`, shape: [layer.fanOut], values: layer.b, grad: layer.db },
    ]);
  }
}
