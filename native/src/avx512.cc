// The AVX-512F tiles of the blocked product (compiled with -mavx512f -mavx2 -mfma; called only after the
// CPU was seen to have AVX-512F with the OS saving zmm state). See gemm_driver.h for the blocking.
//
// Same arithmetic as the AVX2 6 × 16 tile (avx2.cc), only wider: each element of C is one chain of
// fused multiply-adds over the reduction in ascending order, started at +0 or at C's partial sum. A
// lane of a zmm FMA rounds exactly as a lane of a ymm FMA, so every tile gives the same bits; which one
// runs is a speed choice made at run time (the autotune, engine.cc), never a numerical one.
//
//   12 × 32: 24 zmm accumulators (12 rows × 2 vectors of 16), 2 B loads and 12 broadcasts per step
//    6 × 64: 24 zmm accumulators (6 rows × 4 vectors), 4 B loads and 6 broadcasts per step; the B
//            micro-panel is 256 bytes a step, so it wants a shorter KC
// Ragged rows run a micro-kernel compiled for that many rows; ragged columns load and store C through
// a lane mask (k-masks, so nothing outside C is touched).
//
// Also the compressed-row path's pass in zmm registers (sparse.h's, four zmm accumulators for its
// eight ymm), which every AVX-512F CPU runs whatever tile the autotune chose for the blocked product.
#include <immintrin.h>

#include <algorithm>
#include <utility>

#include "gemm_driver.h"
#include "pack_transposed.h"
#include "sparse.h"

namespace mlp {
namespace {

template <int MR_, int V>
struct Avx512 {
  static constexpr int MR = MR_, NR = 16 * V;
  static constexpr int NC = 4096;

  template <int R, bool FULL>
  static void tile(int kl, const float *pa, const float *pb, float *const *c, int col, bool accumulate, int cols) {
    __m512 acc[R][V];
    __mmask16 mask[V];
    for (int v = 0; v < V; v++) {
      const int left = cols - 16 * v;
      mask[v] = FULL || left >= 16 ? static_cast<__mmask16>(0xFFFF) : left <= 0 ? 0 : static_cast<__mmask16>((1u << left) - 1);
    }
    for (int r = 0; r < R; r++) {
      for (int v = 0; v < V; v++) {
        if (accumulate) {
          const float *at = c[r] + col + 16 * v;
          acc[r][v] = FULL ? _mm512_loadu_ps(at) : _mm512_maskz_loadu_ps(mask[v], at);
        } else {
          acc[r][v] = _mm512_setzero_ps();
        }
      }
    }
    for (int p = 0; p < kl; p++) {
      __m512 b[V];
      for (int v = 0; v < V; v++) b[v] = _mm512_load_ps(pb + 16 * v);
      for (int r = 0; r < R; r++) {
        const __m512 a = _mm512_set1_ps(pa[r]);
        for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
      }
      pa += MR;
      pb += NR;
    }
    for (int r = 0; r < R; r++) {
      for (int v = 0; v < V; v++) {
        float *at = c[r] + col + 16 * v;
        if (FULL) {
          _mm512_storeu_ps(at, acc[r][v]);
        } else {
          _mm512_mask_storeu_ps(at, mask[v], acc[r][v]);
        }
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

  // rows 1..MR: a compiled kernel for each count, through a table
  template <int... R>
  static void dispatch(std::integer_sequence<int, R...>, int rows, int cols, int kl, const float *pa, const float *pb,
                       float *const *c, int col, bool accumulate) {
    using Fn = void (*)(int, const float *, const float *, float *const *, int, bool, int);
    static constexpr Fn table[] = {&tileCols<R + 1>...};
    table[rows - 1](kl, pa, pb, c, col, accumulate, cols);
  }

  static void micro(int rows, int cols, int kl, const float *pa, const float *pb, float *const *c, int col,
                    bool accumulate) {
    dispatch(std::make_integer_sequence<int, MR>{}, rows, cols, kl, pa, pb, c, col, accumulate);
  }

  static void packTransposedPanel(float *dst, const float *src, int ld, int k, int cols, const int32_t *live, int kl) {
    mlp::packTransposedPanel<NR>(dst, src, ld, k, cols, live, kl);
  }
};

}  // namespace

bool gemmBlockedAvx512(Scratch &s, const GemmArgs &g, const Blocking &b, Tile t) {
  if (t == Tile::avx512_6x64) return gemmBlocked<Avx512<6, 4>>(s, g, b);
  return gemmBlocked<Avx512<12, 2>>(s, g, b);
}

namespace {
// sparse.h's pass in zmm lanes: for each row of C and each block of the slab, its partial sums in four
// zmm accumulators, one broadcast and four FMAs per non-zero, in ascending p.
struct ZmmLanes {
  static constexpr int W = 16;
  using Vec = __m512;
  using Mask = __mmask16;
  static Mask mask(int left) { return left >= 16 ? static_cast<Mask>(0xFFFF) : left <= 0 ? 0 : static_cast<Mask>((1u << left) - 1); }
  static Vec zero() { return _mm512_setzero_ps(); }
  static Vec load(const float *p) { return _mm512_loadu_ps(p); }
  static Vec loadAligned(const float *p) { return _mm512_load_ps(p); }
  static Vec loadMasked(const float *p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  static Vec broadcast(const float *p) { return _mm512_set1_ps(*p); }
  static Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
  static void store(float *p, Vec v) { _mm512_storeu_ps(p, v); }
  static void storeMasked(float *p, Mask m, Vec v) { _mm512_mask_storeu_ps(p, m, v); }
};
}  // namespace

void sparseChunkAvx512(bool full, const Scratch &comp, int32_t *cursor, const GemmArgs &g, const float *slab, int j0, int cols) {
  if (full) {
    sparseChunk<ZmmLanes, true>(comp, cursor, g, slab, j0, cols);
  } else {
    sparseChunk<ZmmLanes, false>(comp, cursor, g, slab, j0, cols);
  }
}

}  // namespace mlp

namespace mlp {

// Peak probe: 24 independent chains of zmm FMAs, `steps` rounds (see fmaProbeAvx2).
float fmaProbeAvx512(long steps) {
  __m512 acc[24];
#pragma GCC unroll 24
  for (int i = 0; i < 24; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i) * 1e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (long s = 0; s < steps; s++) {
#pragma GCC unroll 24
    for (int i = 0; i < 24; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < 24; i++) sum = _mm512_add_ps(sum, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0;
  for (float v : lanes) total += v;
  return total;
}

}  // namespace mlp
