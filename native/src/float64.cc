// The float64 matrix products, for checks: the reference set's loops (src/kernels/reference.ts) in its
// order, with its zero skipping and no fused multiply-add (this file is compiled for the baseline
// x86-64 and with -ffp-contract=off), so they give exactly its bits. Letters as in the Kernels contract:
// layout 0 = NN: out (M,N) = a (M,K)·b (K,N); 1 = TN: out (K,N) = aᵀ·b, a (M,K), b (M,N);
// 2 = NT: out (M,K) = a·bᵀ, a (M,N), b (K,N).
#include <vector>

#include "kernels.h"

namespace mlp {

void matmulF64(int layout, double *out, const double *a, const double *b, int M, int K, int N) {
  if (layout == 0) {
    std::vector<double> row(static_cast<size_t>(N));
    for (int i = 0; i < M; i++) {
      std::fill(row.begin(), row.end(), 0.0);
      for (int p = 0; p < K; p++) {
        const double aip = a[static_cast<size_t>(i) * K + p];
        if (aip == 0.0) continue;
        const double *bRow = b + static_cast<size_t>(p) * N;
        for (int j = 0; j < N; j++) row[j] += aip * bRow[j];
      }
      std::copy(row.begin(), row.end(), out + static_cast<size_t>(i) * N);
    }
  } else if (layout == 1) {
    std::vector<double> acc(static_cast<size_t>(K) * N, 0.0);
    for (int i = 0; i < M; i++) {
      const double *bRow = b + static_cast<size_t>(i) * N;
      for (int p = 0; p < K; p++) {
        const double aip = a[static_cast<size_t>(i) * K + p];
        if (aip == 0.0) continue;
        double *accRow = acc.data() + static_cast<size_t>(p) * N;
        for (int j = 0; j < N; j++) accRow[j] += aip * bRow[j];
      }
    }
    std::copy(acc.begin(), acc.end(), out);
  } else {
    for (int i = 0; i < M; i++) {
      const double *aRow = a + static_cast<size_t>(i) * N;
      for (int p = 0; p < K; p++) {
        const double *bRow = b + static_cast<size_t>(p) * N;
        double sum = 0.0;
        for (int j = 0; j < N; j++) sum += aRow[j] * bRow[j];
        out[static_cast<size_t>(i) * K + p] = sum;
      }
    }
  }
}

}  // namespace mlp
