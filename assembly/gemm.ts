/**
 * Packed, register-blocked float32 matrix product C (m,n) = A (m,k) · B (k,n), the way GotoBLAS and
 * BLIS arrange it, with WebAssembly SIMD128. The three layouts the network needs (NN, TN, NT) differ
 * only in how A and B are read while packing; the micro-kernel never sees them.
 *
 * Dimension letters here are the product's own: m rows of C, n columns of C, k the reduction.
 * Pointers are byte offsets into the memory the host owns; lengths are in floats.
 *
 * Blocking, from the inside out:
 *   micro-tile  MR × NR = 5 × 8 of C in ten v128 accumulators. V8 has 16 xmm registers: 10 accumulators,
 *               2 B vectors, 1 broadcast A value and the product of a mul + add fit. Measured here: 5×8
 *               beats 4×8 by ~10% with FMA and ~15% without; 6×8 matches 5×8 with FMA but spills
 *               without it (mul + add needs a temporary). A batch of 200 is 40 whole 5-row tiles.
 *   A block     MC × KC, packed in MR-row micro-panels (p-major: the MR values of column p are adjacent),
 *               sized to stay in L2 while every micro-panel of B passes over it.
 *   B block     KC × NC, packed in NR-column micro-panels (p-major); one micro-panel (KC × NR) stays in L1
 *               while the A block streams past it.
 * Ragged edges are packed with zeros up to whole tiles, computed in a small tile buffer and only the
 * valid part is copied out, so the micro-kernel has a single shape.
 */

import { KC, MC, MR, NARROW_FLOATS, NARROW_N, NC, NR, edgeTile, narrowOut, packA, packB, zeroPanel } from './blocking';
import { allColumns, liveColumns, packABlock, packBBlock } from './pack';

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
 * The 5 × 8 micro-kernel: c (5,8) = pa (kc micro-panel of A) · pb (kc micro-panel of B), plus c itself
 * when `accumulate` (later reduction slices add to what earlier ones stored). ldc is C's row stride
 * in bytes. Each step loads two vectors of B and broadcasts five values of A: ten multiply-adds.
 */
function micro(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
    c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16);
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
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    pa += MR << 2;
    pb += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  v128.store(c + 4 * ldc, c40); v128.store(c + 4 * ldc, c41, 16);
}

/**
 * Runs the micro-kernel over one packed A block × packed B block (kl reduction steps) into C at c
 * (row stride ldc floats). An all-zero A micro-panel contributes exact zeros: its tile is stored as
 * zeros, or left as it is when accumulating.
 */
function macro(c: usize, ldc: i32, mc: i32, nc: i32, kl: i32, accumulate: bool): void {
  const ldcBytes = (<usize>ldc) << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const pb = packB + ((<usize>(jr * kl)) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const pa = packA + ((<usize>(ir * kl)) << 2);
      const ct = c + ((<usize>(ir * ldc + jr)) << 2);
      if (load<i32>(zeroPanel + ((<usize>(ir / MR)) << 2))) {
        if (!accumulate) {
          for (let r = 0; r < rows; r++) memory.fill(ct + (<usize>r) * ldcBytes, 0, (<usize>cols) << 2);
        }
      } else if (rows == MR && cols == NR) {
        micro(pa, pb, kl, ct, ldcBytes, accumulate);
      } else {
        // a ragged tile goes through the edge buffer, so the micro-kernel keeps its one shape
        for (let r = 0; r < MR; r++) {
          for (let j = 0; j < NR; j++) {
            const inside = r < rows && j < cols;
            const v: f32 = accumulate && inside ? load<f32>(ct + (<usize>r) * ldcBytes + ((<usize>j) << 2)) : 0;
            store<f32>(edgeTile + ((<usize>(r * NR + j)) << 2), v);
          }
        }
        micro(pa, pb, kl, edgeTile, (<usize>NR) << 2, true);
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
 * The reduction is split in slices of at most KC, of equal length so none is a short remainder, each
 * summed in float32 in a fixed order: the same inputs give the same bits.
 *
 * A narrow product (n ≤ 12, the 10 classes of the output layer) would fill its 8-wide tiles poorly,
 * so it is computed as Cᵀ (n,m) = Bᵀ · Aᵀ, where n becomes the rows (two 5-row tiles for 10) and m the
 * columns, then transposed into C. Same products, same reduction order per element.
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
  if (n <= NARROW_N && m > n && m * n <= NARROW_FLOATS) {
    // Bᵀ (n,k): element (j,p) = B(p,j); Aᵀ (k,m): element (p,i) = A(i,p)
    gemmBlocked(narrowOut, b, a, n, m, k, ldb, !bTransposed, lda, !aTransposed);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        store<f32>(c + ((<usize>(i * n + j)) << 2), load<f32>(narrowOut + ((<usize>(j * m + i)) << 2)));
      }
    }
    return;
  }
  gemmBlocked(c, a, b, m, n, k, lda, aTransposed, ldb, bTransposed);
}

function gemmBlocked(
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
  const slices = (k + KC - 1) / KC;
  const sliceLength = slices > 0 ? (k + slices - 1) / slices : 0;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    // nothing is in C yet: the first slice that has work stores, later ones add
    let written = false;
    for (let pc = 0; pc < k; pc += sliceLength) {
      const kc = min(sliceLength, k - pc);
      let kl = kc;
      if (aTransposed) allColumns(pc, kc);
      else kl = liveColumns(a, lda, m, pc, kc);
      if (kl == 0) continue;
      packBBlock(b, ldb, bTransposed, jc, kl, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packABlock(a, lda, aTransposed, ic, mc, kl);
        macro(c + ((<usize>(ic * n + jc)) << 2), n, mc, nc, kl, written);
      }
      written = true;
    }
    if (!written) {
      // an empty or all-zero reduction: C is exactly zero
      for (let i = 0; i < m; i++) memory.fill(c + ((<usize>(i * n + jc)) << 2), 0, (<usize>nc) << 2);
    }
  }
}
