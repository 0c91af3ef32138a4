/**
 * Packed, register-blocked float32 matrix product C (m,n) = A (m,k) · B (k,n), the way GotoBLAS and
 * BLIS arrange it, with WebAssembly SIMD128. The three layouts the network needs (NN, TN, NT) differ
 * only in how A and B are read while packing; the micro-kernel never sees them.
 *
 * Dimension letters here are the product's own: m rows of C, n columns of C, k the reduction.
 * Pointers are byte offsets into the memory the host owns; lengths are in floats.
 *
 * Blocking, from the inside out:
 *   micro-tile  MR × NR = 4 × 8 of C in eight v128 accumulators. V8 has 16 xmm registers: 8 accumulators,
 *               2 B vectors and 1 broadcast A value fit; larger tiles spill (measured).
 *   A block     MC × KC, packed in MR-row micro-panels (p-major: the MR values of column p are adjacent),
 *               sized to stay in L2 while every micro-panel of B passes over it.
 *   B block     KC × NC, packed in NR-column micro-panels (p-major); one micro-panel (KC × NR) stays in L1
 *               while the A block streams past it.
 * Ragged edges are packed with zeros up to whole tiles, computed in a small tile buffer and only the
 * valid part is copied out, so the micro-kernel has a single shape.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

/** Scratch the host allocates in this memory once: packed A block, packed B block, one edge tile. */
let packA: usize = 0;
let packB: usize = 0;
let edgeTile: usize = 0;

export function gemmScratchBytes(): usize {
  return (<usize>(MC * KC + KC * NC + MR * NR)) << 2;
}

export function setGemmScratch(ptr: usize): void {
  packA = ptr;
  packB = ptr + ((<usize>(MC * KC)) << 2);
  edgeTile = packB + ((<usize>(KC * NC)) << 2);
}

// c ← a·b + c: fused on runtimes with relaxed SIMD (V8 emits vfmadd231ps), two roundings otherwise.
// The branch is on a compile-time constant, so each build holds only one of the two.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/** The product of one lane through `madd`, so the host can tell a fused madd from mul + add. */
export function maddProbe(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}

/**
 * The 4 × 8 micro-kernel: c (4,8) = pa (kc micro-panel of A) · pb (kc micro-panel of B), plus c itself
 * when `accumulate` (later KC slices add to what earlier ones stored). ldc is C's row stride in bytes.
 */
function micro(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += MR << 2;
    pb += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/**
 * Packs A (rows i0..i0+mc, reduction p0..p0+kc) into MR-row micro-panels, zero-padding the last one.
 * transposed: element (i,p) of A is at a[p*lda + i] (A is given as Aᵀ); else at a[i*lda + p].
 */
function packABlock(a: usize, lda: i32, transposed: bool, i0: i32, p0: i32, mc: i32, kc: i32): void {
  let dst = packA;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    if (transposed && rows == MR) {
      // the MR values of column p are adjacent in Aᵀ: one vector per p
      let src = a + ((<usize>(p0 * lda + i0 + ir)) << 2);
      const stride = (<usize>lda) << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        src += stride;
        dst += MR << 2;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          let v: f32 = 0;
          if (r < rows) {
            const i = i0 + ir + r;
            const q = p0 + p;
            v = load<f32>(a + ((<usize>(transposed ? q * lda + i : i * lda + q)) << 2));
          }
          store<f32>(dst, v);
          dst += 4;
        }
      }
    }
  }
}

/**
 * Packs B (reduction p0..p0+kc, columns j0..j0+nc) into NR-column micro-panels, zero-padding the last.
 * transposed: element (p,j) of B is at b[j*ldb + p] (B is given as Bᵀ); else at b[p*ldb + j].
 */
function packBBlock(b: usize, ldb: i32, transposed: bool, p0: i32, j0: i32, kc: i32, nc: i32): void {
  let dst = packB;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    if (!transposed && cols == NR) {
      // a row of B already holds the NR values of step p: two vectors per p
      let src = b + ((<usize>(p0 * ldb + j0 + jr)) << 2);
      const stride = (<usize>ldb) << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += stride;
        dst += NR << 2;
      }
    } else if (transposed && cols == NR) {
      // Bᵀ holds each column of B as a contiguous row: walk the NR rows side by side
      const stride = (<usize>ldb) << 2;
      const src = b + ((<usize>((j0 + jr) * ldb + p0)) << 2);
      for (let p = 0; p < kc; p++) {
        const s = src + ((<usize>p) << 2);
        v128.store(
          dst,
          f32x4.replace_lane(
            f32x4.replace_lane(
              f32x4.replace_lane(f32x4.splat(load<f32>(s)), 1, load<f32>(s + stride)),
              2,
              load<f32>(s + 2 * stride),
            ),
            3,
            load<f32>(s + 3 * stride),
          ),
        );
        const t = s + 4 * stride;
        v128.store(
          dst,
          f32x4.replace_lane(
            f32x4.replace_lane(
              f32x4.replace_lane(f32x4.splat(load<f32>(t)), 1, load<f32>(t + stride)),
              2,
              load<f32>(t + 2 * stride),
            ),
            3,
            load<f32>(t + 3 * stride),
          ),
          16,
        );
        dst += NR << 2;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < cols) {
            const q = p0 + p;
            const col = j0 + jr + j;
            v = load<f32>(b + ((<usize>(transposed ? col * ldb + q : q * ldb + col)) << 2));
          }
          store<f32>(dst, v);
          dst += 4;
        }
      }
    }
  }
}

/** Runs the micro-kernel over one packed A block × packed B block into C at c (row stride ldc floats). */
function macro(c: usize, ldc: i32, mc: i32, nc: i32, kc: i32, accumulate: bool): void {
  const ldcBytes = (<usize>ldc) << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const pb = packB + ((<usize>(jr * kc)) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const pa = packA + ((<usize>(ir * kc)) << 2);
      const ct = c + ((<usize>(ir * ldc + jr)) << 2);
      if (rows == MR && cols == NR) {
        micro(pa, pb, kc, ct, ldcBytes, accumulate);
      } else {
        // a ragged tile goes through the edge buffer, so the micro-kernel keeps its one shape
        for (let r = 0; r < MR; r++) {
          for (let j = 0; j < NR; j++) {
            const inside = r < rows && j < cols;
            const v: f32 = accumulate && inside ? load<f32>(ct + (<usize>r) * ldcBytes + ((<usize>j) << 2)) : 0;
            store<f32>(edgeTile + ((<usize>(r * NR + j)) << 2), v);
          }
        }
        micro(pa, pb, kc, edgeTile, (<usize>NR) << 2, true);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) {
            store<f32>(ct + (<usize>r) * ldcBytes + ((<usize>j) << 2), load<f32>(edgeTile + ((<usize>(r * NR + j)) << 2)));
          }
        }
      }
    }
  }
}

/**
 * C (m,n) = A (m,k) · B (k,n) with A read as described by (lda, aTransposed) and B by (ldb, bTransposed).
 * The reduction is split in KC slices, each summed in float32 in a fixed order: same inputs, same bits.
 */
export function gemm(
  c: usize,
  a: usize,
  b: usize,
  m: i32,
  n: i32,
  k: i32,
  lda: i32,
  aTransposed: bool,
  ldb: i32,
  bTransposed: bool,
): void {
  if (k == 0) {
    memory.fill(c, 0, (<usize>(m * n)) << 2);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packBBlock(b, ldb, bTransposed, pc, jc, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packABlock(a, lda, aTransposed, ic, pc, mc, kc);
        macro(c + ((<usize>(ic * n + jc)) << 2), n, mc, nc, kc, pc > 0);
      }
    }
  }
}
