// 8 × 8 in-register transposes (AVX), and packing a transposed B (the NT product's Wᵀ) into NR-column
// micro-panels with them; included only by files compiled with -mavx2.
#pragma once
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace mlp {

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

// dst (kl × NR) ← B(live[q], j) = src[j*ld + live[q]] for the panel's `cols` columns, zero beyond.
// Runs of eight consecutive reduction indices go eight columns at a time through an 8 × 8 transpose;
// the rest (a skipped index inside the run, a ragged panel) element by element.
template <int NR>
inline void packTransposedPanel(float *dst, const float *src, int ld, int cols, const int32_t *live, int kl) {
  int q = 0;
  if (cols == NR) {
    for (; q + 8 <= kl; q += 8) {
      const int p = live[q];
      if (live[q + 7] != p + 7) break;
      for (int j0 = 0; j0 < NR; j0 += 8) {
        const float *s = src + static_cast<size_t>(j0) * ld + p;
        __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ld), r2 = _mm256_loadu_ps(s + 2 * ld),
               r3 = _mm256_loadu_ps(s + 3 * ld), r4 = _mm256_loadu_ps(s + 4 * ld), r5 = _mm256_loadu_ps(s + 5 * ld),
               r6 = _mm256_loadu_ps(s + 6 * ld), r7 = _mm256_loadu_ps(s + 7 * ld);
        transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7);
        float *d = dst + static_cast<size_t>(q) * NR + j0;
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

}  // namespace mlp
