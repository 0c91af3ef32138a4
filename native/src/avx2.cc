// The AVX2 + FMA build of the matrix product (compiled with -mavx2 -mfma; called only after the CPU
// was seen to have both). See gemm_driver.h for the blocking.
//
// Register tile 6 × 16: C's tile lives in twelve ymm accumulators (6 rows × 2 vectors of 8), and each
// reduction step loads two vectors of B and broadcasts six values of A: twelve FMAs for eight loads,
// 15 of the 16 ymm registers. With two FMA pipes of latency 4 the twelve independent chains keep both
// busy. A batch of 200 rows is 33 tiles of 6 and one of 2 (run by the 2-row kernel, nothing wasted).
//
// Also the compressed-row path (sparse.h). engine.cc chooses the path, the tile and the threads.
#include <immintrin.h>

#include "gemm_driver.h"
#include "pack_transposed.h"
#include "sparse.h"

namespace mlp {
namespace {

struct Avx2 {
  static constexpr int MR = 6, NR = 16;
  // KC and MC come from the run-time blocking (e.g. KC 256: a 16 KiB B micro-panel, half of a 32 KiB L1d)
  static constexpr int NC = 4096;

  template <int R, bool FULL>
  static void tile(int kl, const float *pa, const float *pb, float *const *c, int col, bool accumulate, int cols) {
    __m256 acc0[R], acc1[R];
    __m256i mask0 = _mm256_setzero_si256(), mask1 = _mm256_setzero_si256();
    if (!FULL) {
      const __m256i n = _mm256_set1_epi32(cols);
      mask0 = _mm256_cmpgt_epi32(n, _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
      mask1 = _mm256_cmpgt_epi32(n, _mm256_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15));
    }
    for (int r = 0; r < R; r++) {
      if (accumulate) {
        const float *at = c[r] + col;
        acc0[r] = FULL ? _mm256_loadu_ps(at) : _mm256_maskload_ps(at, mask0);
        acc1[r] = FULL ? _mm256_loadu_ps(at + 8) : _mm256_maskload_ps(at + 8, mask1);
      } else {
        acc0[r] = _mm256_setzero_ps();
        acc1[r] = _mm256_setzero_ps();
      }
    }
    for (int p = 0; p < kl; p++) {
      const __m256 b0 = _mm256_load_ps(pb);
      const __m256 b1 = _mm256_load_ps(pb + 8);
      for (int r = 0; r < R; r++) {
        const __m256 a = _mm256_broadcast_ss(pa + r);
        acc0[r] = _mm256_fmadd_ps(a, b0, acc0[r]);
        acc1[r] = _mm256_fmadd_ps(a, b1, acc1[r]);
      }
      pa += MR;
      pb += NR;
    }
    for (int r = 0; r < R; r++) {
      float *at = c[r] + col;
      if (FULL) {
        _mm256_storeu_ps(at, acc0[r]);
        _mm256_storeu_ps(at + 8, acc1[r]);
      } else {
        _mm256_maskstore_ps(at, mask0, acc0[r]);
        _mm256_maskstore_ps(at + 8, mask1, acc1[r]);
      }
    }
  }

  template <int R>
  static void tileCols(int kl, const float *pa, const float *pb, float *const *c, int col, bool accumulate, int cols) {
    if (cols == NR) {
      tile<R, true>(kl, pa, pb, c, col, accumulate, cols);
    } else {
      tile<R, false>(kl, pa, pb, c, col, accumulate, cols);
    }
  }

  static void micro(int rows, int cols, int kl, const float *pa, const float *pb, float *const *c, int col,
                    bool accumulate) {
    switch (rows) {
      case 6: tileCols<6>(kl, pa, pb, c, col, accumulate, cols); break;
      case 5: tileCols<5>(kl, pa, pb, c, col, accumulate, cols); break;
      case 4: tileCols<4>(kl, pa, pb, c, col, accumulate, cols); break;
      case 3: tileCols<3>(kl, pa, pb, c, col, accumulate, cols); break;
      case 2: tileCols<2>(kl, pa, pb, c, col, accumulate, cols); break;
      default: tileCols<1>(kl, pa, pb, c, col, accumulate, cols); break;
    }
  }

  static void packTransposedPanel(float *dst, const float *src, int ld, int k, int cols, const int32_t *live, int kl) {
    mlp::packTransposedPanel<NR>(dst, src, ld, k, cols, live, kl);
  }
};

}  // namespace

bool gemmBlockedAvx2(Scratch &s, const GemmArgs &g, const Blocking &b) { return gemmBlocked<Avx2>(s, g, b); }

size_t countNonZeros(const GemmArgs &g) { return countNonZerosOf(g); }

bool sparseCompress(Scratch &s, const GemmArgs &g, size_t nonZeros) {
  if (!s.reserveSparse(2 * static_cast<size_t>(g.m), nonZeros + 8, g.aT ? static_cast<size_t>(g.m) * g.k : 0)) return false;
  compressRows(s, g);
  return true;
}

bool sparseColumns(const Scratch &compressed, Scratch &own, const GemmArgs &g, int j0, int j1, bool zmm) {
  return zmm ? sparseColumnRange<SparseChunkZmm>(compressed, own, g, j0, j1) : sparseColumnRange<SparseChunkYmm>(compressed, own, g, j0, j1);
}

}  // namespace mlp

namespace mlp {

// Peak probe: 12 independent chains of ymm FMAs (latency 4 × 2 pipes needs ≥ 8 in flight), `steps`
// rounds; returns a value that depends on all of them, so the loop cannot be dropped.
float fmaProbeAvx2(long steps) {
  __m256 acc[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps(static_cast<float>(i) * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (long s = 0; s < steps; s++) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < 12; i++) sum = _mm256_add_ps(sum, acc[i]);
  return _mm256_cvtss_f32(sum);
}

}  // namespace mlp
