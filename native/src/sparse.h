// A sparse A times a dense B, for the products whose A is mostly exact zeros: the network's input X
// (MNIST is 81% zero pixels, of which only the 31% of pixel columns that are blank across the whole
// batch can be skipped by the blocked product). X·W1 and Xᵀ·dZ1 are a third of a training step's work.
//
// A is compressed by rows of C (row r keeps its non-zero A(r,p) in ascending p), then every row of C
// is computed 64 columns at a time in eight ymm accumulators: for each non-zero, one broadcast and
// eight FMAs against the row of B it selects. Each element of C is so the same chain of fused
// multiply-adds in ascending p, started at +0, as in the blocked product (gemm_driver.h), minus the
// exactly zero terms, which change nothing: the same bits whichever path runs.
//
// Included only by files compiled with -mavx2 -mfma.
#pragma once
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels.h"

namespace mlp {

// columns of C per pass, in ymm vectors of 8
constexpr int SPARSE_VECTORS = 8;

// Non-zeros of A (m × k; NaN counts as non-zero).
inline size_t countNonZeros(const GemmArgs &g) {
  const int rows = g.aT ? g.k : g.m, cols = g.aT ? g.m : g.k;
  size_t count = 0;
  for (int i = 0; i < rows; i++) {
    const float *row = g.a + static_cast<size_t>(i) * g.lda;
    int c = 0;
    for (int j = 0; j < cols; j++) c += row[j] != 0.0f;
    count += c;
  }
  return count;
}

// s.spStart / spIndex / spValue ← A by rows of C, each row's non-zeros in ascending p.
inline void compressRows(Scratch &s, const GemmArgs &g) {
  int32_t *start = s.spStart;
  if (!g.aT) {
    int32_t at = 0;
    for (int r = 0; r < g.m; r++) {
      start[r] = at;
      const float *row = g.a + static_cast<size_t>(r) * g.lda;
      for (int p = 0; p < g.k; p++) {
        if (row[p] != 0.0f) {
          s.spIndex[at] = p;
          s.spValue[at] = row[p];
          at++;
        }
      }
    }
    start[g.m] = at;
    return;
  }
  // A(r,p) = a[p*lda + r]: count per row of C, then fill walking p upwards, so each row stays sorted
  std::fill(start, start + g.m + 1, 0);
  for (int p = 0; p < g.k; p++) {
    const float *row = g.a + static_cast<size_t>(p) * g.lda;
    for (int r = 0; r < g.m; r++) start[r + 1] += row[r] != 0.0f;
  }
  for (int r = 0; r < g.m; r++) start[r + 1] += start[r];
  int32_t *next = s.rows;  // the fill cursor of each row (s.rows has room for m)
  std::copy(start, start + g.m, next);
  for (int p = 0; p < g.k; p++) {
    const float *row = g.a + static_cast<size_t>(p) * g.lda;
    for (int r = 0; r < g.m; r++) {
      if (row[r] != 0.0f) {
        const int32_t at = next[r]++;
        s.spIndex[at] = p;
        s.spValue[at] = row[r];
      }
    }
  }
}

// The rows of B a row of C selects are scattered: fetch the one this many non-zeros ahead.
constexpr int PREFETCH = 6;

// Adds the non-zeros e .. end of one row of C to its V accumulators (columns j0 .. j0 + 8V of B).
template <int V, bool FULL>
inline void sparseRowStep(const Scratch &s, const GemmArgs &g, int32_t e, int32_t end, int j0, __m256i tail,
                          __m256 *acc) {
  if (e + PREFETCH < end) {
    const char *ahead = reinterpret_cast<const char *>(g.b + static_cast<size_t>(s.spIndex[e + PREFETCH]) * g.ldb + j0);
    for (int t = 0; t < V * 32; t += 64) _mm_prefetch(ahead + t, _MM_HINT_T0);
  }
  const __m256 v = _mm256_broadcast_ss(s.spValue + e);
  const float *brow = g.b + static_cast<size_t>(s.spIndex[e]) * g.ldb + j0;
  for (int t = 0; t < V; t++) {
    const __m256 b = FULL || t < V - 1 ? _mm256_loadu_ps(brow + 8 * t) : _mm256_maskload_ps(brow + 8 * t, tail);
    acc[t] = _mm256_fmadd_ps(v, b, acc[t]);
  }
}

template <int V, bool FULL>
inline void sparseStore(float *crow, const __m256 *acc, __m256i tail) {
  for (int t = 0; t < V; t++) {
    if (FULL || t < V - 1) {
      _mm256_storeu_ps(crow + 8 * t, acc[t]);
    } else {
      _mm256_maskstore_ps(crow + 8 * t, tail, acc[t]);
    }
  }
}

// C[:, j0 .. j0 + 8V) for every row, in V accumulators; the last vector through `tail` when !FULL.
// (Two rows interleaved with V = 4, which would keep Xᵀ·dZ1's 32 columns of B in L1, measured
// slower: the fixed cost of each non-zero is then shared by four FMAs instead of eight.)
template <int V, bool FULL>
void sparseColumns(const Scratch &s, const GemmArgs &g, int j0, __m256i tail) {
  for (int r = 0; r < g.m; r++) {
    __m256 acc[V];
    for (int t = 0; t < V; t++) acc[t] = _mm256_setzero_ps();
    const int32_t end = s.spStart[r + 1];
    for (int32_t e = s.spStart[r]; e < end; e++) sparseRowStep<V, FULL>(s, g, e, end, j0, tail, acc);
    sparseStore<V, FULL>(g.c + static_cast<size_t>(r) * g.n + j0, acc, tail);
  }
}

// C (m,n) = A · B with A compressed in s; B untransposed.
inline void sparseProduct(const Scratch &s, const GemmArgs &g) {
  constexpr int W = SPARSE_VECTORS;
  int j0 = 0;
  for (; j0 + 8 * W <= g.n; j0 += 8 * W) sparseColumns<W, true>(s, g, j0, _mm256_setzero_si256());
  const int cols = g.n - j0;
  if (cols == 0) return;
  const __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32(cols - ((cols - 1) / 8) * 8),
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  switch ((cols + 7) / 8) {
    case 8: sparseColumns<8, false>(s, g, j0, tail); break;
    case 7: sparseColumns<7, false>(s, g, j0, tail); break;
    case 6: sparseColumns<6, false>(s, g, j0, tail); break;
    case 5: sparseColumns<5, false>(s, g, j0, tail); break;
    case 4: sparseColumns<4, false>(s, g, j0, tail); break;
    case 3: sparseColumns<3, false>(s, g, j0, tail); break;
    case 2: sparseColumns<2, false>(s, g, j0, tail); break;
    default: sparseColumns<1, false>(s, g, j0, tail); break;
  }
}

}  // namespace mlp
