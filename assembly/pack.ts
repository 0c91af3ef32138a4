/**
 * Packing the operands of the matrix product into the micro-kernel's panels (see gemm.ts), reading A
 * and B in whichever layout the caller has, and skipping what is exactly zero.
 */
import { MR, NR, live, packA, packB, zeroPanel } from './blocking';

// ---- zero skipping ----
// Skipping a product with an exactly zero factor is exact: it adds ±0 to a sum that starts at +0, as
// long as the other factor is finite (the reference set skips the same terms, so both agree even
// then). MNIST is 81% zero pixels and a batch of 200 has about 31% of its pixel columns all zero,
// which makes X·W1 and Xᵀ·dZ1, a third of a step's work, that much cheaper.

/**
 * Fills `live` with the reduction indices p in [p0, p0+kc) where column p of A (m rows, A read
 * untransposed: element (i,p) at a[i*lda + p]) holds a non-zero (NaN counts as non-zero); returns
 * how many. The flags are gathered four columns at a time with SIMD, then compacted.
 */
export function liveColumns(a: usize, lda: i32, m: i32, p0: i32, kc: i32): i32 {
  const kc4 = kc & ~3;
  const flags = packA; // free until the A block is packed, and far larger than a slice (MC·KC ≥ KC)
  const zero = f32x4.splat(0);
  for (let p = 0; p < kc; p += 4) v128.store(flags + ((<usize>p) << 2), i32x4.splat(0));
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>(i * lda + p0)) << 2);
    for (let p = 0; p < kc4; p += 4) {
      const at = flags + ((<usize>p) << 2);
      v128.store(at, v128.or(v128.load(at), f32x4.ne(v128.load(row + ((<usize>p) << 2)), zero)));
    }
    for (let p = kc4; p < kc; p++) {
      if (load<f32>(row + ((<usize>p) << 2)) != 0) store<i32>(flags + ((<usize>p) << 2), -1);
    }
  }
  let count = 0;
  for (let p = 0; p < kc; p++) {
    if (load<i32>(flags + ((<usize>p) << 2)) != 0) {
      store<i32>(live + ((<usize>count) << 2), p0 + p);
      count++;
    }
  }
  return count;
}

/** `live` = p0 .. p0+kc−1: every index of the slice. */
export function allColumns(p0: i32, kc: i32): void {
  for (let p = 0; p < kc; p++) store<i32>(live + ((<usize>p) << 2), p0 + p);
}

// @ts-ignore: decorator
@inline
function liveAt(q: i32): i32 {
  return load<i32>(live + ((<usize>q) << 2));
}

/**
 * Packs A (rows i0..i0+mc, reduction indices live[0..kl)) into MR-row micro-panels, zero-padding the
 * last one, and flags each micro-panel that is entirely zero.
 * transposed: element (i,p) of A is at a[p*lda + i] (A is given as Aᵀ); else at a[i*lda + p].
 */
export function packABlock(a: usize, lda: i32, transposed: bool, i0: i32, mc: i32, kl: i32): void {
  let dst = packA;
  const zero = f32x4.splat(0);
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let any = i32x4.splat(0);
    if (transposed && rows == MR) {
      // the MR = 5 values of column p are adjacent in Aᵀ: one vector and one float per p
      const base = a + ((<usize>(i0 + ir)) << 2);
      for (let q = 0; q < kl; q++) {
        const src = base + ((<usize>(liveAt(q) * lda)) << 2);
        const v = v128.load(src);
        const last = load<f32>(src, 16);
        any = v128.or(any, v128.or(f32x4.ne(v, zero), f32x4.ne(f32x4.splat(last), zero)));
        v128.store(dst, v);
        store<f32>(dst, last, 16);
        dst += MR << 2;
      }
    } else {
      for (let q = 0; q < kl; q++) {
        const p = liveAt(q);
        for (let r = 0; r < MR; r++) {
          let v: f32 = 0;
          if (r < rows) {
            const i = i0 + ir + r;
            v = load<f32>(a + ((<usize>(transposed ? p * lda + i : i * lda + p)) << 2));
          }
          store<f32>(dst, v);
          dst += 4;
        }
      }
      any = i32x4.splat(-1); // not worth testing: the untransposed case skips whole columns instead
    }
    store<i32>(zeroPanel + ((<usize>(ir / MR)) << 2), v128.any_true(any) ? 0 : 1);
  }
}

/**
 * Packs B (reduction indices live[0..kl), columns j0..j0+nc) into NR-column micro-panels,
 * zero-padding the last. transposed: element (p,j) of B is at b[j*ldb + p]; else at b[p*ldb + j].
 */
export function packBBlock(b: usize, ldb: i32, transposed: bool, j0: i32, kl: i32, nc: i32): void {
  let dst = packB;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    if (!transposed && cols == NR) {
      // a row of B already holds the NR values of step p: two vectors per p
      const base = b + ((<usize>(j0 + jr)) << 2);
      for (let q = 0; q < kl; q++) {
        const src = base + ((<usize>(liveAt(q) * ldb)) << 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += NR << 2;
      }
    } else if (transposed && cols == NR) {
      // Bᵀ holds each column of B as a contiguous row: gather one value from each of the NR rows
      const stride = (<usize>ldb) << 2;
      const base = b + ((<usize>((j0 + jr) * ldb)) << 2);
      for (let q = 0; q < kl; q++) {
        const s = base + ((<usize>liveAt(q)) << 2);
        let lo = f32x4.splat(load<f32>(s));
        lo = f32x4.replace_lane(lo, 1, load<f32>(s + stride));
        lo = f32x4.replace_lane(lo, 2, load<f32>(s + 2 * stride));
        lo = f32x4.replace_lane(lo, 3, load<f32>(s + 3 * stride));
        const t = s + 4 * stride;
        let hi = f32x4.splat(load<f32>(t));
        hi = f32x4.replace_lane(hi, 1, load<f32>(t + stride));
        hi = f32x4.replace_lane(hi, 2, load<f32>(t + 2 * stride));
        hi = f32x4.replace_lane(hi, 3, load<f32>(t + 3 * stride));
        v128.store(dst, lo);
        v128.store(dst, hi, 16);
        dst += NR << 2;
      }
    } else {
      for (let q = 0; q < kl; q++) {
        const p = liveAt(q);
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < cols) {
            const col = j0 + jr + j;
            v = load<f32>(b + ((<usize>(transposed ? col * ldb + p : p * ldb + col)) << 2));
          }
          store<f32>(dst, v);
          dst += 4;
        }
      }
    }
  }
}
