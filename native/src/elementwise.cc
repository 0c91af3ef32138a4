// The element-wise operations of the network, AVX2 over float32 storage (compiled with -mavx2 -mfma
// -ffp-contract=off). Each gives the same bits as the reference set (src/kernels/reference.ts), which
// computes in float64 and rounds on store:
//   - one float32 add rounded once equals the float64 add rounded to float32 (float64 has more than
//     2·24 + 2 bits, so the double rounding is harmless): the bias adds;
//   - the column sums, the SGD update and softmax + cross-entropy are computed in float64 here too, in
//     the reference's order, with no fused multiply-add (-ffp-contract=off keeps GCC from fusing
//     the vector mul and sub of the SGD update);
//   - the masks test `> 0` (ordered), so NaN and −0 become +0 exactly as the reference's `v > 0 ? v : 0`.
// Letters: M rows, N columns; n a flat length.
#include <immintrin.h>

#include <cmath>

#include "kernels.h"

namespace mlp {

// z (M,N) += bias (N)
void biasAdd(float *z, const float *bias, int M, int N) {
  for (int i = 0; i < M; i++) {
    float *row = z + static_cast<size_t>(i) * N;
    int j = 0;
    for (; j + 8 <= N; j += 8) _mm256_storeu_ps(row + j, _mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(bias + j)));
    for (; j < N; j++) row[j] += bias[j];
  }
}

// h (M,N) = max(0, h + bias), NaN → +0
void biasRelu(float *h, const float *bias, int M, int N) {
  const __m256 zero = _mm256_setzero_ps();
  for (int i = 0; i < M; i++) {
    float *row = h + static_cast<size_t>(i) * N;
    int j = 0;
    for (; j + 8 <= N; j += 8) {
      const __m256 v = _mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(bias + j));
      _mm256_storeu_ps(row + j, _mm256_and_ps(v, _mm256_cmp_ps(v, zero, _CMP_GT_OQ)));
    }
    for (; j < N; j++) {
      const float v = row[j] + bias[j];
      row[j] = v > 0.0f ? v : 0.0f;
    }
  }
}

// dz (n) *= (h > 0)
void reluBackward(float *dz, const float *h, size_t n) {
  const __m256 zero = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 keep = _mm256_cmp_ps(_mm256_loadu_ps(h + i), zero, _CMP_GT_OQ);
    _mm256_storeu_ps(dz + i, _mm256_and_ps(_mm256_loadu_ps(dz + i), keep));
  }
  for (; i < n; i++) {
    if (!(h[i] > 0.0f)) dz[i] = 0.0f;
  }
}

// out (N) = Σ_i a (i, ·), in float64 row by row like the reference. Sixteen columns per pass keep four
// float64 accumulators of four in registers while the rows stream by.
void columnSum(float *out, const float *a, int M, int N) {
  int j = 0;
  for (; j + 16 <= N; j += 16) {
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
    const float *at = a + j;
    for (int i = 0; i < M; i++, at += N) {
      s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm_loadu_ps(at)));
      s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm_loadu_ps(at + 4)));
      s2 = _mm256_add_pd(s2, _mm256_cvtps_pd(_mm_loadu_ps(at + 8)));
      s3 = _mm256_add_pd(s3, _mm256_cvtps_pd(_mm_loadu_ps(at + 12)));
    }
    _mm_storeu_ps(out + j, _mm256_cvtpd_ps(s0));
    _mm_storeu_ps(out + j + 4, _mm256_cvtpd_ps(s1));
    _mm_storeu_ps(out + j + 8, _mm256_cvtpd_ps(s2));
    _mm_storeu_ps(out + j + 12, _mm256_cvtpd_ps(s3));
  }
  for (; j < N; j++) {
    double s = 0.0;
    for (int i = 0; i < M; i++) s += static_cast<double>(a[static_cast<size_t>(i) * N + j]);
    out[j] = static_cast<float>(s);
  }
}

// param (n) −= lr · grad (n), in float64 like the reference, rounded once on store
void sgdUpdate(float *param, const float *grad, double lr, size_t n) {
  const __m256d rate = _mm256_set1_pd(lr);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d p = _mm256_cvtps_pd(_mm_loadu_ps(param + i));
    const __m256d g = _mm256_cvtps_pd(_mm_loadu_ps(grad + i));
    _mm_storeu_ps(param + i, _mm256_cvtpd_ps(_mm256_sub_pd(p, _mm256_mul_pd(rate, g))));
  }
  for (; i < n; i++) param[i] = static_cast<float>(static_cast<double>(param[i]) - lr * static_cast<double>(grad[i]));
}

// logits (M,N), labels (M) → Σ −log softmax(logits)[label]; dlogits (may be null) = (p − onehot) · scale.
// In float64 like the reference; *correct counts the rows whose first arg-max is the label.
double softmaxCrossEntropy(float *dlogits, const float *logits, const int32_t *labels, int M, int N, double scale,
                           int32_t *correct) {
  double lossSum = 0.0;
  int32_t right = 0;
  for (int i = 0; i < M; i++) {
    const float *row = logits + static_cast<size_t>(i) * N;
    double max = -INFINITY;
    int argmax = 0;
    for (int j = 0; j < N; j++) {
      if (row[j] > max) {
        max = row[j];
        argmax = j;
      }
    }
    // subtract the row max so exp cannot overflow; s = Σ exp(z − max) lies in [1, N]
    double sumExp = 0.0;
    for (int j = 0; j < N; j++) sumExp += std::exp(static_cast<double>(row[j]) - max);
    // never form max + log s: adding the small log s to a large max rounds it away on confident rows
    const double logS = std::log(sumExp);
    const int label = labels[i];
    lossSum += max - static_cast<double>(row[label]) + logS;
    if (argmax == label) right++;
    if (dlogits != nullptr) {
      float *drow = dlogits + static_cast<size_t>(i) * N;
      for (int j = 0; j < N; j++) {
        const double p = std::exp(static_cast<double>(row[j]) - max - logS);
        drow[j] = static_cast<float>((p - (j == label ? 1.0 : 0.0)) * scale);
      }
    }
  }
  *correct = right;
  return lossSum;
}

}  // namespace mlp
