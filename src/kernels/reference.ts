/**
 * The reference kernel set: plain loops that read like the maths. It is the oracle every fast set
 * is checked against, the float64 path of the gradient check, and the fallback when nothing faster
 * loads. Loops are ordered so the innermost one walks memory contiguously (i-p-j), which keeps the
 * oracle obviously right and only a few times slower than it need be.
 * Sums accumulate in JavaScript numbers (float64) whatever the storage precision.
 */
import type { Precision } from '../core/settings.js';
import type { Kernels, LossStats, Vec } from './types.js';

export function createReferenceKernels(precision: Precision = 'float64'): Kernels {
  const Float = precision === 'float64' ? Float64Array : Float32Array;
  return {
    name: 'reference',
    precision,
    detail: `naive JavaScript loops, ${precision} storage, float64 accumulation`,
    allocate: (length) => new Float(length),
    allocateLabels: (length) => new Int32Array(length),
    matmulNN,
    matmulTN,
    matmulNT,
    biasAdd,
    biasRelu,
    reluBackward,
    columnSum,
    softmaxCrossEntropy,
    sgdUpdate,
  };
}

// out (M,N) = a (M,K) · b (K,N)
export function matmulNN(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void {
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let p = 0; p < K; p++) {
      const aip = a[i * K + p];
      // skipping exact zeros (most MNIST pixels, dead ReLUs) is exact while b is finite; a non-finite
      // b shows up as a non-finite loss anyway, which stops the run as diverged
      if (aip === 0) continue;
      const bRow = p * N;
      for (let j = 0; j < N; j++) row[j] += aip * b[bRow + j];
    }
    out.set(row, i * N);
  }
}

// out (K,N) = aᵀ · b; a (M,K), b (M,N)
export function matmulTN(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void {
  const acc = new Float64Array(K * N);
  for (let i = 0; i < M; i++) {
    const bRow = i * N;
    for (let p = 0; p < K; p++) {
      const aip = a[i * K + p];
      if (aip === 0) continue;
      const accRow = p * N;
      for (let j = 0; j < N; j++) acc[accRow + j] += aip * b[bRow + j];
    }
  }
  out.set(acc);
}

// out (M,K) = a · bᵀ; a (M,N), b (K,N)
export function matmulNT(out: Vec, a: Vec, b: Vec, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const aRow = i * N;
    for (let p = 0; p < K; p++) {
      const bRow = p * N;
      let sum = 0;
      for (let j = 0; j < N; j++) sum += a[aRow + j] * b[bRow + j];
      out[i * K + p] = sum;
    }
  }
}

// z (M,N) += bias (N)
function biasAdd(z: Vec, bias: Vec, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) z[i * N + j] += bias[j];
  }
}

// h (M,N) = max(0, h + bias)
function biasRelu(h: Vec, bias: Vec, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const v = h[i * N + j] + bias[j];
      h[i * N + j] = v > 0 ? v : 0;
    }
  }
}

// dz (n) *= (h > 0)
function reluBackward(dz: Vec, h: Vec, n: number): void {
  for (let i = 0; i < n; i++) if (!(h[i] > 0)) dz[i] = 0;
}

// out (N) = Σ_i a (i, ·)
function columnSum(out: Vec, a: Vec, M: number, N: number): void {
  const acc = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) acc[j] += a[i * N + j];
  }
  out.set(acc);
}

// logits (M,N), labels (M) → Σ −log softmax(logits)[label]; dlogits = (p − onehot) · scale
export function softmaxCrossEntropy(
  dlogits: Vec | null,
  logits: Vec,
  labels: Int32Array,
  M: number,
  N: number,
  scale: number,
): LossStats {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < M; i++) {
    const row = i * N;
    let max = -Infinity;
    let argmax = 0;
    for (let j = 0; j < N; j++) {
      if (logits[row + j] > max) {
        max = logits[row + j];
        argmax = j;
      }
    }
    // subtract the row max so exp cannot overflow; s = Σ exp(z − max) lies in [1, N]
    let sumExp = 0;
    for (let j = 0; j < N; j++) sumExp += Math.exp(logits[row + j] - max);
    // never form max + log s: adding the small log s to a large max rounds it away on confident rows
    const logS = Math.log(sumExp);
    const label = labels[i];
    lossSum += max - logits[row + label] + logS;
    if (argmax === label) correct++;
    if (dlogits) {
      for (let j = 0; j < N; j++) {
        const p = Math.exp(logits[row + j] - max - logS);
        dlogits[row + j] = (p - (j === label ? 1 : 0)) * scale;
      }
    }
  }
  return { lossSum, correct };
}

// param (n) −= lr · grad (n)
function sgdUpdate(param: Vec, grad: Vec, lr: number, n: number): void {
  for (let i = 0; i < n; i++) param[i] -= lr * grad[i];
}
