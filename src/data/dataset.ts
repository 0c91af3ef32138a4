/**
 * The in-memory dataset: raw pixel bytes and labels, kept as bytes (a quarter of the float size) in
 * shared memory so every worker thread reads the same copy. Pixels become floats in [0, 1] only when a
 * batch is gathered into a kernel set's own memory.
 */
export interface Split {
  /** count × features bytes, row-major. */
  images: Uint8Array;
  /** count class labels, 0..classes−1. */
  labels: Uint8Array;
  count: number;
  features: number;
}

export interface Dataset {
  name: string;
  classes: number;
  train: Split;
  validation: Split;
  test: Split;
  /** sha256 over the source files' digests: names the exact data a result was computed on. */
  digest: string;
}

/** The first `count` examples of a split, as views (no copy). */
export function takeFirst(split: Split, count: number): Split {
  const n = Math.min(count, split.count);
  return {
    images: split.images.subarray(0, n * split.features),
    labels: split.labels.subarray(0, n),
    count: n,
    features: split.features,
  };
}

/** byte → the float the network sees: v / 255, computed once in float64 and rounded by the store. */
const PIXEL = Float64Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Copies the examples `order[start .. start+rows)` of `split` into x (rows, features) and their labels
 * into `labels`: the one copy a batch makes on its way to the kernels.
 */
export function gatherBatch(
  x: Float32Array | Float64Array,
  labels: Int32Array,
  split: Split,
  order: Int32Array | null,
  start: number,
  rows: number,
): void {
  const f = split.features;
  for (let r = 0; r < rows; r++) {
    const example = order ? order[start + r] : start + r;
    const src = example * f;
    const dst = r * f;
    for (let k = 0; k < f; k++) x[dst + k] = PIXEL[split.images[src + k]];
    labels[r] = split.labels[example];
  }
}
