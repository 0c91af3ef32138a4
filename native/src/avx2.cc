// The AVX2 + FMA build of the matrix product (compiled with -mavx2 -mfma; called only after the CPU
// was seen to have both). See gemm_driver.h for the blocking.
//
// Register tile 6 × 16: C's tile lives in twelve ymm accumulators (6 rows × 2 vectors of 8), and each
// reduction step loads two vectors of B and broadcasts six values of A: twelve FMAs for eight loads,
// 15 of the 16 ymm registers. With two FMA pipes of latency 4 the twelve independent chains keep both
// busy. A batch of 200 rows is 33 tiles of 6 and one of 2 (run by the 2-row kernel, nothing wasted).
#include <immintrin.h>

#include "gemm_driver.h"

namespace mlp {
namespace {

struct Avx2 {
  static constexpr int MR = 6, NR = 16;
  // B micro-panel KC × 16 floats = 16 KiB: half of L1d; A block MC × KC = 240 KiB of L2
  static constexpr int KC = 256, MC = 240, NC = 4096;

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

  // dst (kl × 16) ← B(live[q], j) = src[j*ld + live[q]] for the panel's `cols` columns, zero beyond.
  // Runs of eight consecutive reduction indices go through an 8 × 8 in-register transpose.
  static void packTransposedPanel(float *dst, const float *src, int ld, int cols, const int32_t *live, int kl) {
    int q = 0;
    if (cols == NR) {
      for (; q + 8 <= kl; q += 8) {
        const int p = live[q];
        if (live[q + 7] != p + 7) break;  // not a run: the rest goes element by element
        for (int half = 0; half < 2; half++) {
          const float *s = src + static_cast<size_t>(half * 8) * ld + p;
          __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ld), r2 = _mm256_loadu_ps(s + 2 * ld),
                 r3 = _mm256_loadu_ps(s + 3 * ld), r4 = _mm256_loadu_ps(s + 4 * ld), r5 = _mm256_loadu_ps(s + 5 * ld),
                 r6 = _mm256_loadu_ps(s + 6 * ld), r7 = _mm256_loadu_ps(s + 7 * ld);
          const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
          const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
          const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
          const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
          const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
          const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
          const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
          const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
          r0 = _mm256_permute2f128_ps(u0, u4, 0x20);
          r1 = _mm256_permute2f128_ps(u1, u5, 0x20);
          r2 = _mm256_permute2f128_ps(u2, u6, 0x20);
          r3 = _mm256_permute2f128_ps(u3, u7, 0x20);
          r4 = _mm256_permute2f128_ps(u0, u4, 0x31);
          r5 = _mm256_permute2f128_ps(u1, u5, 0x31);
          r6 = _mm256_permute2f128_ps(u2, u6, 0x31);
          r7 = _mm256_permute2f128_ps(u3, u7, 0x31);
          float *d = dst + static_cast<size_t>(q) * NR + half * 8;
          _mm256_store_ps(d, r0);
          _mm256_store_ps(d + NR, r1);
          _mm256_store_ps(d + 2 * NR, r2);
          _mm256_store_ps(d + 3 * NR, r3);
          _mm256_store_ps(d + 4 * NR, r4);
          _mm256_store_ps(d + 5 * NR, r5);
          _mm256_store_ps(d + 6 * NR, r6);
          _mm256_store_ps(d + 7 * NR, r7);
        }
      }
    }
    for (; q < kl; q++) {
      float *d = dst + static_cast<size_t>(q) * NR;
      const int p = live[q];
      for (int j = 0; j < cols; j++) d[j] = src[static_cast<size_t>(j) * ld + p];
      for (int j = cols; j < NR; j++) d[j] = 0.0f;
    }
  }
};

}  // namespace

bool gemmAvx2(Scratch &s, const GemmArgs &g) { return gemmBlocked<Avx2>(s, g); }

GemmShape shapeAvx2() { return {Avx2::MR, Avx2::NR, Avx2::MC, Avx2::NC}; }

}  // namespace mlp
