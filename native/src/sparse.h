// A sparse A times a dense B, for the products whose A is mostly exact zeros: the network's input X
// (MNIST is 81% zero pixels, of which only the 31% of pixel columns that are blank across the whole
// batch can be skipped by the blocked product). X·W1 and Xᵀ·dZ1 are a third of a training step's work.
//
// A is compressed by rows of C (row r keeps its non-zero A(r,p) in ascending p), then every row of C
// is computed 64 columns at a time in eight ymm accumulators: for each non-zero, one broadcast and
// eight FMAs against the row of B it selects (packed and blocked, see SPARSE_COLUMNS). Each element of
// C is so the same chain of fused multiply-adds in ascending p, started at +0, as in the blocked
// product (gemm_driver.h), minus the exactly zero terms, which change nothing: the same bits whichever
// path runs. Column ranges of C are independent: each thread compresses A for itself (engine.cc).
//
// Included only by files compiled with -mavx2 -mfma (avx2.cc; avx512.cc for its zmm lanes).
#pragma once
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels.h"
#include "pack_transposed.h"

namespace mlp {
// Internal to each file that includes it, as gemm_driver.h says why.
namespace {


// Non-zeros of A (m × k; NaN counts as non-zero).
inline size_t countNonZerosOf(const GemmArgs &g) {
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

// For each 8-bit mask, the lanes whose bit is set, moved to the front: the AVX2 left-pack.
struct LeftPack {
  int32_t lanes[256][8];
  LeftPack() {
    for (int mask = 0; mask < 256; mask++) {
      int n = 0;
      for (int lane = 0; lane < 8; lane++) {
        if (mask & (1 << lane)) lanes[mask][n++] = lane;
      }
      for (; n < 8; n++) lanes[mask][n] = 0;
    }
  }
};

// out (cols × rows, row stride `stride` ≥ rows) ← in (rows × cols, row stride ld): 8 × 8 blocks through
// registers, edges one by one.
inline void transpose(float *out, const float *in, int rows, int cols, int ld, int stride) {
  int i = 0;
  for (; i + 8 <= rows; i += 8) {
    int j = 0;
    for (; j + 8 <= cols; j += 8) {
      const float *s = in + static_cast<size_t>(i) * ld + j;
      __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ld), r2 = _mm256_loadu_ps(s + 2 * ld),
             r3 = _mm256_loadu_ps(s + 3 * ld), r4 = _mm256_loadu_ps(s + 4 * ld), r5 = _mm256_loadu_ps(s + 5 * ld),
             r6 = _mm256_loadu_ps(s + 6 * ld), r7 = _mm256_loadu_ps(s + 7 * ld);
      transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7);
      float *d = out + static_cast<size_t>(j) * stride + i;
      _mm256_storeu_ps(d, r0);
      _mm256_storeu_ps(d + stride, r1);
      _mm256_storeu_ps(d + 2 * stride, r2);
      _mm256_storeu_ps(d + 3 * stride, r3);
      _mm256_storeu_ps(d + 4 * stride, r4);
      _mm256_storeu_ps(d + 5 * stride, r5);
      _mm256_storeu_ps(d + 6 * stride, r6);
      _mm256_storeu_ps(d + 7 * stride, r7);
    }
    for (; j < cols; j++) {
      for (int ii = i; ii < i + 8; ii++) out[static_cast<size_t>(j) * stride + ii] = in[static_cast<size_t>(ii) * ld + j];
    }
  }
  for (; i < rows; i++) {
    for (int j = 0; j < cols; j++) out[static_cast<size_t>(j) * stride + i] = in[static_cast<size_t>(i) * ld + j];
  }
}
inline void transpose(float *out, const float *in, int rows, int cols, int ld) { transpose(out, in, rows, cols, ld, rows); }

// The compressed rows: row r of C takes A's non-zeros spIndex / spValue [begin[r], end[r]).
struct Compressed {
  int32_t *begin, *end;
};
inline Compressed compressed(const Scratch &s, int m) { return {s.spStart, s.spStart + m}; }

// A by rows of C, each row's non-zeros in ascending p, without a branch per element (a fifth of X is
// non-zero, at random: a branch would mispredict on most of them). Room needed: spStart for 2m,
// spIndex / spValue for non-zeros + 8, and when A is given transposed spTransposed for m × k.
inline void compressRows(Scratch &s, const GemmArgs &g) {
  const Compressed c = compressed(s, g.m);
  if (!g.aT) {
    // row r is contiguous: eight values at a time, the non-zero lanes packed to the front and stored
    // whole (the 8 slots of slack take the rest)
    static const LeftPack pack;
    const __m256 zero = _mm256_setzero_ps();
    int32_t at = 0;
    for (int r = 0; r < g.m; r++) {
      c.begin[r] = at;
      const float *row = g.a + static_cast<size_t>(r) * g.lda;
      int p = 0;
      for (; p + 8 <= g.k; p += 8) {
        const __m256 v = _mm256_loadu_ps(row + p);
        const int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, zero, _CMP_NEQ_UQ));  // NaN counts as non-zero
        const __m256i lanes = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(pack.lanes[mask]));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(s.spIndex + at), _mm256_add_epi32(lanes, _mm256_set1_epi32(p)));
        _mm256_storeu_ps(s.spValue + at, _mm256_permutevar8x32_ps(v, lanes));
        at += __builtin_popcount(static_cast<unsigned>(mask));
      }
      for (; p < g.k; p++) {
        s.spIndex[at] = p;
        s.spValue[at] = row[p];
        at += row[p] != 0.0f;
      }
      c.end[r] = at;
    }
    return;
  }
  // A(r,p) = a[p*lda + r] (Xᵀ): transposed into s.spTransposed first, eight by eight in registers,
  // then compressed as above (measured faster than scattering each element into its row's list)
  float *t = s.spTransposed;
  transpose(t, g.a, g.k, g.m, g.lda);
  const GemmArgs rows{g.c, t, g.b, g.m, g.n, g.k, g.k, g.ldb, false, g.bT, g.ldc};
  compressRows(s, rows);
}

// The columns of C are taken 64 at a time (eight ymm accumulators). For each such chunk the 64 columns
// of B are packed into a contiguous slab (k rows of 256 bytes, zero-padded past n): in place, rows of
// B lie n floats apart and a few hundred of them fall into the same handful of L1 sets. The slab is
// walked in blocks of SPARSE_BLOCK reduction steps (96 × 256 bytes = 24 KiB), which stay in L1 while
// every row of C takes its non-zeros in that block from them (SPARSE_BLOCK, kernels.h).

// C[:, j0 .. j0 + cols) for every row, from the packed slab and A compressed in `comp`. Each row's
// partial sums go back to C between reduction blocks and are loaded again, so every element stays one
// chain of FMAs in ascending p. `cursor` (m) holds each row's position in its non-zeros.
// The vector a pass works in: eight ymm lanes here, sixteen zmm lanes in avx512.cc (ZmmLanes, which
// includes this file). Ragged columns load and store C through a lane mask.
struct YmmLanes {
  static constexpr int W = 8;
  using Vec = __m256;
  using Mask = __m256i;
  static Mask mask(int left) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec load(const float *p) { return _mm256_loadu_ps(p); }
  static Vec loadAligned(const float *p) { return _mm256_load_ps(p); }
  static Vec loadMasked(const float *p, Mask m) { return _mm256_maskload_ps(p, m); }
  static Vec broadcast(const float *p) { return _mm256_broadcast_ss(p); }
  static Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
  static void store(float *p, Vec v) { _mm256_storeu_ps(p, v); }
  static void storeMasked(float *p, Mask m, Vec v) { _mm256_maskstore_ps(p, m, v); }
};

template <class L, bool FULL>
void sparseChunk(const Scratch &comp, int32_t *cursor, const GemmArgs &g, const float *slab, int j0, int cols) {
  constexpr int V = SPARSE_COLUMNS / L::W;
  typename L::Mask mask[V];
  for (int t = 0; t < V; t++) mask[t] = L::mask(cols - L::W * t);
  const Compressed rows = compressed(comp, g.m);
  std::copy(rows.begin, rows.begin + g.m, cursor);
  const int32_t *index = comp.spIndex;
  const float *value = comp.spValue;
  for (int p0 = 0; p0 < g.k; p0 += SPARSE_BLOCK) {
    const int p1 = std::min(g.k, p0 + SPARSE_BLOCK);
    const bool first = p0 == 0;
    for (int r = 0; r < g.m; r++) {
      int32_t e = cursor[r];
      const int32_t end = rows.end[r];
      if (!first && (e == end || index[e] >= p1)) continue;  // nothing in this block
      float *crow = g.c + static_cast<size_t>(r) * g.ldc + j0;
      typename L::Vec acc[V];
      for (int t = 0; t < V; t++) {
        acc[t] = first ? L::zero() : FULL ? L::load(crow + L::W * t) : L::loadMasked(crow + L::W * t, mask[t]);
      }
      for (; e < end && index[e] < p1; e++) {
        const typename L::Vec v = L::broadcast(value + e);
        const float *brow = slab + static_cast<size_t>(index[e]) * SPARSE_COLUMNS;
        for (int t = 0; t < V; t++) acc[t] = L::fma(v, L::loadAligned(brow + L::W * t), acc[t]);
      }
      cursor[r] = e;
      for (int t = 0; t < V; t++) {
        if (FULL) {
          L::store(crow + L::W * t, acc[t]);
        } else {
          L::storeMasked(crow + L::W * t, mask[t], acc[t]);
        }
      }
    }
  }
}

// C[:, j0 .. j1) = A · B with A compressed in `comp`; B as stored or transposed. own.packB holds k × SPARSE_COLUMNS
// floats and own.rows m cursors (reserved here).
// `Chunk::run<FULL>` computes one pass of SPARSE_COLUMNS columns from the slab: sparseChunk in ymm
// lanes, or in zmm lanes through avx512.cc (the same chains, four zmm accumulators for eight ymm).
template <class Chunk>
inline bool sparseColumnRange(const Scratch &comp, Scratch &own, const GemmArgs &g, int j0, int j1) {
  if (!own.reserve(0, static_cast<size_t>(g.k) * SPARSE_COLUMNS, 0, static_cast<size_t>(g.m), 0)) return false;
  float *slab = own.packB;
  for (; j0 < j1; j0 += SPARSE_COLUMNS) {
    const int cols = std::min(SPARSE_COLUMNS, j1 - j0);
    if (g.bT) {
      // B(p, j) = b[j·ldb + p] (an input gradient's Wᵀ): C's columns j0.. are rows of the stored
      // matrix, transposed into the slab eight by eight
      if (cols < SPARSE_COLUMNS) std::fill(slab, slab + static_cast<size_t>(g.k) * SPARSE_COLUMNS, 0.0f);
      transpose(slab, g.b + static_cast<size_t>(j0) * g.ldb, cols, g.k, g.ldb, SPARSE_COLUMNS);
    } else {
      for (int p = 0; p < g.k; p++) {
        const float *src = g.b + static_cast<size_t>(p) * g.ldb + j0;
        float *dst = slab + static_cast<size_t>(p) * SPARSE_COLUMNS;
        if (cols == SPARSE_COLUMNS) {
          std::memcpy(dst, src, sizeof(float) * SPARSE_COLUMNS);
        } else {
          std::memcpy(dst, src, sizeof(float) * cols);
          std::fill(dst + cols, dst + SPARSE_COLUMNS, 0.0f);
        }
      }
    }
    if (cols == SPARSE_COLUMNS) {
      Chunk::template run<true>(comp, own.rows, g, slab, j0, cols);
    } else {
      Chunk::template run<false>(comp, own.rows, g, slab, j0, cols);
    }
  }
  return true;
}

struct SparseChunkYmm {
  template <bool FULL>
  static void run(const Scratch &comp, int32_t *cursor, const GemmArgs &g, const float *slab, int j0, int cols) {
    sparseChunk<YmmLanes, FULL>(comp, cursor, g, slab, j0, cols);
  }
};
struct SparseChunkZmm {
  template <bool FULL>
  static void run(const Scratch &comp, int32_t *cursor, const GemmArgs &g, const float *slab, int j0, int cols) {
    sparseChunkAvx512(FULL, comp, cursor, g, slab, j0, cols);
  }
};

}  // namespace
}  // namespace mlp
