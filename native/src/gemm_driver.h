// The blocked matrix product, the way GotoBLAS and BLIS arrange it, written over a micro-kernel and
// its block sizes (avx2.cc supplies them):
//
//   for jc (NC columns of C):           B block  KC × NC, packed in NR-column micro-panels
//     for pc (a reduction slice ≤ KC):
//       for ic (MC rows of C):          A block  MC × KC, packed in MR-row micro-panels, stays in L2
//         for jr (NR columns):          one B micro-panel (KC × NR) stays in L1 ...
//           for ir (MR rows):           ... while the A micro-panels stream past it
//             micro-kernel: C tile (MR × NR) in registers, one FMA per lane per reduction step
//
// Every element of C is one unbroken chain of fused multiply-adds over the reduction in ascending
// order: the first slice starts its accumulators at +0 and every later one loads C's partial sums back
// into them. So the result depends neither on the tile nor on the slicing, only on the inputs: the
// same bits run after run, whichever path, tile or blocking computes it, and whichever thread computes
// a column range of C (engine.cc splits the columns, never the reduction).
//
// Exact zeros are skipped, as in the reference set: reduction steps p where the whole column of A is
// zero (MNIST's blank border pixels, 31% of a batch of 200), and, when A is given transposed (Xᵀ·dZ),
// rows of A that are zero throughout, whose rows of C are exactly zero. Adding a product with a zero
// factor to a chain that starts at +0 changes nothing while the other factor is finite.
//
// Ragged edges: a last row micro-panel with fewer than MR rows runs a micro-kernel compiled for that
// many rows; a last column micro-panel loads and stores C through a lane mask. Packed panels are padded
// with zeros, so the micro-kernel never reads outside them, and C is never touched outside (m, n).
#pragma once
#include <algorithm>
#include <cstring>

#include "kernels.h"

namespace mlp {
// Internal to each file that includes it (avx2.cc, avx512.cc): those are compiled for different
// instruction sets, and one shared copy of an inline function would run one file's instructions in
// the other's callers (the linker keeps any one of them).
namespace {

inline int ceilDiv(int a, int b) { return (a + b - 1) / b; }

// Fills s.live with the reduction indices p in [p0, p0 + kc) where column p of A (rows[0..mm) of an
// untransposed A) holds a non-zero (NaN counts as one); returns how many.
inline int liveColumns(Scratch &s, const GemmArgs &g, int mm, int p0, int kc) {
  int32_t *flags = s.live;
  std::fill(flags, flags + kc, 0);
  for (int i = 0; i < mm; i++) {
    const float *row = g.a + static_cast<size_t>(s.rows[i]) * g.lda + p0;
    for (int q = 0; q < kc; q++) flags[q] |= row[q] != 0.0f;
  }
  int count = 0;
  for (int q = 0; q < kc; q++) {
    if (flags[q]) s.live[count++] = p0 + q;
  }
  return count;
}

// Fills s.rows with the rows of A that hold a non-zero; A given transposed, so row i of A is column i
// of the stored k × m array. Returns how many.
inline int liveRowsTransposed(Scratch &s, const GemmArgs &g) {
  int32_t *flags = s.rows;
  std::fill(flags, flags + g.m, 0);
  for (int p = 0; p < g.k; p++) {
    const float *row = g.a + static_cast<size_t>(p) * g.lda;
    for (int i = 0; i < g.m; i++) flags[i] |= row[i] != 0.0f;
  }
  int count = 0;
  for (int i = 0; i < g.m; i++) {
    if (flags[i]) s.rows[count++] = i;
  }
  return count;
}

// A block: rows s.rows[i0 .. i0+mc) × reduction indices s.live[0..kl), in MR-row micro-panels
// (p-major: the MR values of step q are adjacent), the last one zero-padded.
template <int MR>
void packA(Scratch &s, const GemmArgs &g, int i0, int mc, int kl) {
  float *dst = s.packA;
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    const int32_t *rowIndex = s.rows + i0 + ir;
    if (g.aT) {
      // A(i,p) = a[p*lda + i]: the MR values of a step are on one stored row
      for (int q = 0; q < kl; q++) {
        const float *src = g.a + static_cast<size_t>(s.live[q]) * g.lda;
        float *d = dst + static_cast<size_t>(q) * MR;
        for (int r = 0; r < rows; r++) d[r] = src[rowIndex[r]];
        for (int r = rows; r < MR; r++) d[r] = 0.0f;
      }
    } else {
      for (int r = 0; r < MR; r++) {
        float *d = dst + r;
        if (r < rows) {
          const float *src = g.a + static_cast<size_t>(rowIndex[r]) * g.lda;
          for (int q = 0; q < kl; q++) d[static_cast<size_t>(q) * MR] = src[s.live[q]];
        } else {
          for (int q = 0; q < kl; q++) d[static_cast<size_t>(q) * MR] = 0.0f;
        }
      }
    }
    dst += static_cast<size_t>(MR) * kl;
  }
}

// B block: reduction indices s.live[0..kl) × columns j0 .. j0+nc, in NR-column micro-panels, the last
// one zero-padded. Transposed B (the NT product's Wᵀ) goes through the build's transposing packer.
template <class K>
void packB(Scratch &s, const GemmArgs &g, int j0, int nc, int kl) {
  constexpr int NR = K::NR;
  float *dst = s.packB;
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = std::min(NR, nc - jr);
    if (!g.bT) {
      for (int q = 0; q < kl; q++) {
        const float *src = g.b + static_cast<size_t>(s.live[q]) * g.ldb + j0 + jr;
        float *d = dst + static_cast<size_t>(q) * NR;
        if (cols == NR) {
          std::memcpy(d, src, sizeof(float) * NR);
        } else {
          for (int j = 0; j < cols; j++) d[j] = src[j];
          for (int j = cols; j < NR; j++) d[j] = 0.0f;
        }
      }
    } else {
      K::packTransposedPanel(dst, g.b + static_cast<size_t>(j0 + jr) * g.ldb, g.ldb, g.k, cols, s.live, kl);
    }
    dst += static_cast<size_t>(NR) * kl;
  }
}

// C (m,n) = A · B; see the top of this file. K supplies MR, NR, NC, micro() and packTransposedPanel();
// the reduction slice KC and the A block MC come from the run-time blocking (autotuned per CPU).
template <class K>
bool gemmBlocked(Scratch &s, const GemmArgs &g, const Blocking &blocking) {
  constexpr int MR = K::MR, NR = K::NR;
  const int m = g.m, n = g.n, k = g.k;
  if (m == 0 || n == 0) return true;
  const int KC = std::max(blocking.kc, 8);
  const int mcMax = ceilDiv(std::max(blocking.mc, MR), MR) * MR;
  const int ncMax = ceilDiv(std::min(K::NC, n), NR) * NR;
  if (!s.reserve(static_cast<size_t>(mcMax) * KC, static_cast<size_t>(ncMax) * KC, KC,
                 static_cast<size_t>(m), static_cast<size_t>(mcMax))) {
    return false;
  }

  // the rows of C to compute; the others are exactly zero
  int mm = m;
  if (g.aT && k > 0) {
    mm = liveRowsTransposed(s, g);
    int next = 0;
    for (int i = 0; i < m; i++) {
      if (next < mm && s.rows[next] == i) {
        next++;
      } else {
        std::memset(g.c + static_cast<size_t>(i) * g.ldc, 0, sizeof(float) * n);
      }
    }
  } else {
    for (int i = 0; i < m; i++) s.rows[i] = i;
  }
  if (mm == 0) return true;

  // equal slices of at most KC, so no slice is a short remainder; equal A blocks of at most MC rows
  const int slices = ceilDiv(k, KC);
  const int sliceLength = slices > 0 ? ceilDiv(k, slices) : 0;
  const int blocks = ceilDiv(mm, mcMax);
  const int mcStep = ceilDiv(ceilDiv(mm, blocks), MR) * MR;

  for (int jc = 0; jc < n; jc += K::NC) {
    const int nc = std::min(K::NC, n - jc);
    bool written = false;  // the first slice with work stores, later ones add
    for (int pc = 0; pc < k; pc += sliceLength) {
      const int kc = std::min(sliceLength, k - pc);
      int kl = kc;
      if (g.aT) {
        for (int q = 0; q < kc; q++) s.live[q] = pc + q;
      } else {
        kl = liveColumns(s, g, mm, pc, kc);
      }
      if (kl == 0) continue;
      packB<K>(s, g, jc, nc, kl);
      for (int ic = 0; ic < mm; ic += mcStep) {
        const int mc = std::min(mcStep, mm - ic);
        packA<MR>(s, g, ic, mc, kl);
        for (int i = 0; i < mc; i++) s.rowPtr[i] = g.c + static_cast<size_t>(s.rows[ic + i]) * g.ldc + jc;
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = std::min(NR, nc - jr);
          const float *pb = s.packB + static_cast<size_t>(jr) * kl;
          for (int ir = 0; ir < mc; ir += MR) {
            const float *pa = s.packA + static_cast<size_t>(ir) * kl;
            K::micro(std::min(MR, mc - ir), cols, kl, pa, pb, s.rowPtr + ir, jr, written);
          }
        }
      }
      written = true;
    }
    if (!written) {
      // an empty or all-zero reduction: C is exactly zero
      for (int i = 0; i < mm; i++) std::memset(g.c + static_cast<size_t>(s.rows[i]) * g.ldc + jc, 0, sizeof(float) * nc);
    }
  }
  return true;
}

}  // namespace
}  // namespace mlp
