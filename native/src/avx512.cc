// The AVX-512 build of the matrix product (compiled with -mavx512f; called only when the CPU and the
// OS have AVX-512 and it was chosen, see cpu.cc). Same blocking and the same bits as the AVX2 build
// (gemm_driver.h); a wider tile: 12 × 32, C in 24 of the 32 zmm registers, two vectors of B and twelve
// broadcasts of A per reduction step, 24 FMAs for 14 loads.
// Built as a stub when the compiler cannot target AVX-512 (MLP_SWEEP_NO_AVX512).
#include "gemm_driver.h"

#if !defined(MLP_SWEEP_NO_AVX512)
#include <immintrin.h>

namespace mlp {
namespace {

struct Avx512 {
  static constexpr int MR = 12, NR = 32;
  static constexpr int KC = 256, MC = 240, NC = 4096;

  template <int R, bool FULL>
  static void tile(int kl, const float *pa, const float *pb, float *const *c, int col, bool accumulate, int cols) {
    __m512 acc0[R], acc1[R];
    __mmask16 mask0 = 0xffff, mask1 = 0xffff;
    if (!FULL) {
      mask0 = static_cast<__mmask16>(cols >= 16 ? 0xffff : (1u << cols) - 1);
      mask1 = static_cast<__mmask16>(cols <= 16 ? 0 : (1u << (cols - 16)) - 1);
    }
    for (int r = 0; r < R; r++) {
      if (accumulate) {
        const float *at = c[r] + col;
        acc0[r] = FULL ? _mm512_loadu_ps(at) : _mm512_maskz_loadu_ps(mask0, at);
        acc1[r] = FULL ? _mm512_loadu_ps(at + 16) : _mm512_maskz_loadu_ps(mask1, at + 16);
      } else {
        acc0[r] = _mm512_setzero_ps();
        acc1[r] = _mm512_setzero_ps();
      }
    }
    for (int p = 0; p < kl; p++) {
      const __m512 b0 = _mm512_load_ps(pb);
      const __m512 b1 = _mm512_load_ps(pb + 16);
      for (int r = 0; r < R; r++) {
        const __m512 a = _mm512_set1_ps(pa[r]);
        acc0[r] = _mm512_fmadd_ps(a, b0, acc0[r]);
        acc1[r] = _mm512_fmadd_ps(a, b1, acc1[r]);
      }
      pa += MR;
      pb += NR;
    }
    for (int r = 0; r < R; r++) {
      float *at = c[r] + col;
      if (FULL) {
        _mm512_storeu_ps(at, acc0[r]);
        _mm512_storeu_ps(at + 16, acc1[r]);
      } else {
        _mm512_mask_storeu_ps(at, mask0, acc0[r]);
        _mm512_mask_storeu_ps(at + 16, mask1, acc1[r]);
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
      case 12: tileCols<12>(kl, pa, pb, c, col, accumulate, cols); break;
      case 11: tileCols<11>(kl, pa, pb, c, col, accumulate, cols); break;
      case 10: tileCols<10>(kl, pa, pb, c, col, accumulate, cols); break;
      case 9: tileCols<9>(kl, pa, pb, c, col, accumulate, cols); break;
      case 8: tileCols<8>(kl, pa, pb, c, col, accumulate, cols); break;
      case 7: tileCols<7>(kl, pa, pb, c, col, accumulate, cols); break;
      case 6: tileCols<6>(kl, pa, pb, c, col, accumulate, cols); break;
      case 5: tileCols<5>(kl, pa, pb, c, col, accumulate, cols); break;
      case 4: tileCols<4>(kl, pa, pb, c, col, accumulate, cols); break;
      case 3: tileCols<3>(kl, pa, pb, c, col, accumulate, cols); break;
      case 2: tileCols<2>(kl, pa, pb, c, col, accumulate, cols); break;
      default: tileCols<1>(kl, pa, pb, c, col, accumulate, cols); break;
    }
  }

  // dst (kl × 32) ← B(live[q], j) = src[j*ld + live[q]]: element by element (the compiler gathers)
  static void packTransposedPanel(float *dst, const float *src, int ld, int cols, const int32_t *live, int kl) {
    for (int q = 0; q < kl; q++) {
      float *d = dst + static_cast<size_t>(q) * NR;
      const int p = live[q];
      for (int j = 0; j < cols; j++) d[j] = src[static_cast<size_t>(j) * ld + p];
      for (int j = cols; j < NR; j++) d[j] = 0.0f;
    }
  }
};

}  // namespace

bool gemmAvx512(Scratch &s, const GemmArgs &g) { return gemmBlocked<Avx512>(s, g); }
GemmShape shapeAvx512() { return {Avx512::MR, Avx512::NR, Avx512::MC, Avx512::NC}; }
bool avx512Built() { return true; }

}  // namespace mlp

#else

namespace mlp {
bool gemmAvx512(Scratch &, const GemmArgs &) { return false; }
GemmShape shapeAvx512() { return {0, 0, 0, 0}; }
bool avx512Built() { return false; }
}  // namespace mlp

#endif
