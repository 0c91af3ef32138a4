// 8 × 8 in-register transposes (AVX), and packing a transposed B (the NT product's Wᵀ) into NR-column
// micro-panels with them; included only by files compiled with -mavx2.
#pragma once
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace mlp {
// Internal to each file that includes it, as gemm_driver.h says why.
namespace {

// Rows r0..r7 (eight floats each) become columns: r_i[j] ← r_j[i].
inline void transpose8x8(__m256 &r0, __m256 &r1, __m256 &r2, __m256 &r3, __m256 &r4, __m256 &r5, __m256 &r6,
                         __m256 &r7) {
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
}

// dst (kl × NR) ← B(live[q], j) = src[j*ld + live[q]] for the panel's `cols` columns, zero beyond; `k`
// is the length of a stored row (every live index is below it).
//
// Eight columns at a time (eight stored rows), all the way down the reduction, through 8 × 8
// transposes of eight consecutive indices: the eight rows are read as eight sequential streams. (The
// other order, all the panel's columns for each run of indices, reads 64 rows whose addresses differ by
// a multiple of 4 KiB when ld is a power of two, all in the same L1 set: each line was evicted before
// its second half was read, and the pack ran five times slower than the untransposed one.) Live indices
// with gaps (a dead unit's all-zero column of A) take from each transposed block the rows they need;
// a block that would read past the row, and a ragged group of columns, go element by element.
template <int NR>
inline void packTransposedPanel(float *dst, const float *src, int ld, int k, int cols, const int32_t *live, int kl) {
  for (int j0 = 0; j0 < NR; j0 += 8) {
    const int here = cols - j0;
    if (here < 8) {
      for (int q = 0; q < kl; q++) {
        float *d = dst + static_cast<size_t>(q) * NR + j0;
        const int p = live[q];
        for (int j = 0; j < 8; j++) d[j] = j < here ? src[static_cast<size_t>(j0 + j) * ld + p] : 0.0f;
      }
      continue;
    }
    const float *s = src + static_cast<size_t>(j0) * ld;
    int q = 0;
    while (q < kl) {
      const int p = live[q];
      if (p + 8 > k) {
        float *d = dst + static_cast<size_t>(q) * NR + j0;
        for (int j = 0; j < 8; j++) d[j] = s[static_cast<size_t>(j) * ld + p];
        q++;
        continue;
      }
      __m256 r[8] = {_mm256_loadu_ps(s + p), _mm256_loadu_ps(s + ld + p), _mm256_loadu_ps(s + 2 * ld + p),
                     _mm256_loadu_ps(s + 3 * ld + p), _mm256_loadu_ps(s + 4 * ld + p), _mm256_loadu_ps(s + 5 * ld + p),
                     _mm256_loadu_ps(s + 6 * ld + p), _mm256_loadu_ps(s + 7 * ld + p)};
      transpose8x8(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
      if (q + 8 <= kl && live[q + 7] == p + 7) {
        float *d = dst + static_cast<size_t>(q) * NR + j0;
        for (int i = 0; i < 8; i++) _mm256_store_ps(d + static_cast<size_t>(i) * NR, r[i]);
        q += 8;
      } else {
        for (; q < kl && live[q] < p + 8; q++) _mm256_store_ps(dst + static_cast<size_t>(q) * NR + j0, r[live[q] - p]);
      }
    }
  }
}

}  // namespace
}  // namespace mlp
