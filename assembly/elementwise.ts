/**
 * The element-wise operations of the network, SIMD128 over float32 storage. Each one gives the same
 * bits as the reference set (src/kernels/reference.ts), which computes in float64 and rounds on store:
 *   - a single float32 add rounded once equals the float64 add rounded to float32 (float64 has more
 *     than 2·24 + 2 bits, so the double rounding is harmless), which covers the bias adds;
 *   - the column sums and the SGD update are computed in float64 here too, in the reference's order;
 *   - the masks test `> 0`, so NaN and −0 go to +0 exactly as the reference's `v > 0 ? v : 0`.
 * Dimension letters: M rows, N columns; n a flat length. Pointers are byte offsets, lengths in elements.
 */

// z (M,N) += bias (N)
export function biasAdd(z: usize, bias: usize, M: i32, N: i32): void {
  const n4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const row = z + ((<usize>(i * N)) << 2);
    for (let j = 0; j < n4; j += 4) {
      const at = row + ((<usize>j) << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(bias + ((<usize>j) << 2))));
    }
    for (let j = n4; j < N; j++) {
      const at = row + ((<usize>j) << 2);
      store<f32>(at, load<f32>(at) + load<f32>(bias + ((<usize>j) << 2)));
    }
  }
}

// h (M,N) = max(0, h + bias), with NaN → 0 as in the reference
export function biasRelu(h: usize, bias: usize, M: i32, N: i32): void {
  const zero = f32x4.splat(0);
  const n4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const row = h + ((<usize>(i * N)) << 2);
    for (let j = 0; j < n4; j += 4) {
      const at = row + ((<usize>j) << 2);
      const v = f32x4.add(v128.load(at), v128.load(bias + ((<usize>j) << 2)));
      v128.store(at, v128.and(v, f32x4.gt(v, zero)));
    }
    for (let j = n4; j < N; j++) {
      const at = row + ((<usize>j) << 2);
      const v = load<f32>(at) + load<f32>(bias + ((<usize>j) << 2));
      store<f32>(at, v > 0 ? v : 0);
    }
  }
}

// dz (n) *= (h > 0)
export function reluBackward(dz: usize, h: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(dz + at, v128.and(v128.load(dz + at), f32x4.gt(v128.load(h + at), zero)));
  }
  for (let i = n4; i < n; i++) {
    const at = (<usize>i) << 2;
    if (!(load<f32>(h + at) > 0)) store<f32>(dz + at, 0);
  }
}

// out (N) = Σ_i a (i, ·), summed in float64 row by row like the reference. Sixteen columns (one cache
// line) per pass keep eight float64x2 accumulators in registers while the rows stream by.
export function columnSum(out: usize, a: usize, M: i32, N: i32): void {
  const rowBytes = (<usize>N) << 2;
  const n16 = N & ~15;
  for (let j = 0; j < n16; j += 16) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
    let at = a + ((<usize>j) << 2);
    for (let i = 0; i < M; i++) {
      const v0 = v128.load(at), v1 = v128.load(at, 16), v2 = v128.load(at, 32), v3 = v128.load(at, 48);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v0));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(v0, v0, 2, 3, 0, 1)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v1));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(i32x4.shuffle(v1, v1, 2, 3, 0, 1)));
      s4 = f64x2.add(s4, f64x2.promote_low_f32x4(v2));
      s5 = f64x2.add(s5, f64x2.promote_low_f32x4(i32x4.shuffle(v2, v2, 2, 3, 0, 1)));
      s6 = f64x2.add(s6, f64x2.promote_low_f32x4(v3));
      s7 = f64x2.add(s7, f64x2.promote_low_f32x4(i32x4.shuffle(v3, v3, 2, 3, 0, 1)));
      at += rowBytes;
    }
    const o = out + ((<usize>j) << 2);
    v128.store(o, i32x4.shuffle(f32x4.demote_f64x2_zero(s0), f32x4.demote_f64x2_zero(s1), 0, 1, 4, 5));
    v128.store(o, i32x4.shuffle(f32x4.demote_f64x2_zero(s2), f32x4.demote_f64x2_zero(s3), 0, 1, 4, 5), 16);
    v128.store(o, i32x4.shuffle(f32x4.demote_f64x2_zero(s4), f32x4.demote_f64x2_zero(s5), 0, 1, 4, 5), 32);
    v128.store(o, i32x4.shuffle(f32x4.demote_f64x2_zero(s6), f32x4.demote_f64x2_zero(s7), 0, 1, 4, 5), 48);
  }
  for (let j = n16; j < N; j++) {
    let s: f64 = 0;
    let at = a + ((<usize>j) << 2);
    for (let i = 0; i < M; i++) {
      s += <f64>load<f32>(at);
      at += rowBytes;
    }
    store<f32>(out + ((<usize>j) << 2), <f32>s);
  }
}

// param (n) −= lr · grad (n), in float64 like the reference, rounded once on store
export function sgdUpdate(param: usize, grad: usize, lr: f64, n: i32): void {
  const rate = f64x2.splat(lr);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const at = (<usize>i) << 2;
    const p = v128.load(param + at);
    const g = v128.load(grad + at);
    const lo = f64x2.sub(f64x2.promote_low_f32x4(p), f64x2.mul(rate, f64x2.promote_low_f32x4(g)));
    const hi = f64x2.sub(
      f64x2.promote_low_f32x4(i32x4.shuffle(p, p, 2, 3, 0, 1)),
      f64x2.mul(rate, f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 0, 1))),
    );
    v128.store(param + at, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (let i = n4; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(param + at, <f32>(<f64>load<f32>(param + at) - lr * <f64>load<f32>(grad + at)));
  }
}

/** Rows of the last softmaxCrossEntropy call whose first arg-max was the label. */
let lastCorrect: i32 = 0;

export function softmaxCorrect(): i32 {
  return lastCorrect;
}

// logits (M,N), labels (M) → Σ −log softmax(logits)[label]; dlogits (0: none) = (p − onehot) · scale.
// In float64 like the reference; the count of correct rows is read back with softmaxCorrect().
export function softmaxCrossEntropy(dlogits: usize, logits: usize, labels: usize, M: i32, N: i32, scale: f64): f64 {
  let lossSum: f64 = 0;
  let correct = 0;
  for (let i = 0; i < M; i++) {
    const row = logits + ((<usize>(i * N)) << 2);
    let max: f64 = -Infinity;
    let argmax = 0;
    for (let j = 0; j < N; j++) {
      const v = <f64>load<f32>(row + ((<usize>j) << 2));
      if (v > max) {
        max = v;
        argmax = j;
      }
    }
    // subtract the row max so exp cannot overflow; s = Σ exp(z − max) lies in [1, N]
    let sumExp: f64 = 0;
    for (let j = 0; j < N; j++) sumExp += Math.exp(<f64>load<f32>(row + ((<usize>j) << 2)) - max);
    // never form max + log s: adding the small log s to a large max rounds it away on confident rows
    const logS = Math.log(sumExp);
    const label = load<i32>(labels + ((<usize>i) << 2));
    lossSum += max - <f64>load<f32>(row + ((<usize>label) << 2)) + logS;
    if (argmax == label) correct++;
    if (dlogits != 0) {
      const drow = dlogits + ((<usize>(i * N)) << 2);
      for (let j = 0; j < N; j++) {
        const p = Math.exp(<f64>load<f32>(row + ((<usize>j) << 2)) - max - logS);
        store<f32>(drow + ((<usize>j) << 2), <f32>((p - (j == label ? 1.0 : 0.0)) * scale));
      }
    }
  }
  lastCorrect = correct;
  return lossSum;
}
