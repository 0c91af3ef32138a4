// The float32 kernel set of the `native` addon (AVX2 + FMA), and the scratch one kernel set (one job)
// owns. The N-API glue (addon.cc) checks every argument before it
// calls in here; these functions trust their pointers and sizes.
//
// Dimension letters of a matrix product are the product's own: m rows of C, n columns of C, k the
// reduction. A(i,p) is a[i*lda + p], or a[p*lda + i] when A is given transposed; B(p,j) likewise.
// The element-wise operations use the contract's letters (src/kernels/types.ts): M rows, N columns.
#pragma once
#include <cstddef>
#include <cstdint>

namespace mlp {

// Packing scratch, owned by one kernel set for its whole life and grown (never shrunk) when a product
// needs more. 64-byte aligned.
struct Scratch {
  float *packA = nullptr;    // one MC × KC block of A, in MR-row micro-panels
  float *packB = nullptr;    // one KC × NC block of B, in NR-column micro-panels
  int32_t *live = nullptr;   // the reduction indices of a slice that have a non-zero in A
  int32_t *rows = nullptr;   // the rows of A (of C) that have a non-zero, when A is given transposed
  float **rowPtr = nullptr;  // C row pointers of the current A block
  float *narrow = nullptr;   // Cᵀ of a narrow product (see gemm_driver.h)
  // A as compressed rows (a sparse A, see sparse.h): spStart holds where each row's non-zeros begin
  // and end
  int32_t *spStart = nullptr, *spIndex = nullptr;
  float *spValue = nullptr;
  float *spTransposed = nullptr;  // a transposed A, copied untransposed before it is compressed
  size_t packAFloats = 0, packBFloats = 0, liveCount = 0, rowsCount = 0, rowPtrCount = 0, narrowFloats = 0;
  size_t spStartCount = 0, spIndexCount = 0, spValueCount = 0, spTransposedCount = 0;  // capacities
  ~Scratch();
  // false when memory ran out
  bool reserve(size_t aFloats, size_t bFloats, size_t liveN, size_t rowsN, size_t rowPtrN);
  bool reserveNarrow(size_t floats);
  bool reserveSparse(size_t starts, size_t nonZeros, size_t transposed);
  // A goes the compressed-row way (sparse.h) when at most this share of it is non-zero; the default
  // SPARSE_DENSITY, or another for tests and measurements (0: never, 1: always when B allows)
  double sparseDensity = 0.30;
};
constexpr double SPARSE_DENSITY = 0.30;

struct GemmArgs {
  float *c;
  const float *a;
  const float *b;
  int m, n, k;
  int lda, ldb;
  bool aT, bT;
};

// The register tile and blocking of a build, for the detail string.
struct GemmShape {
  int mr, nr, kc, mc;
};

// C (m,n) = A (m,k) · B (k,n). Returns false only when scratch memory could not be had.
bool gemmAvx2(Scratch &s, const GemmArgs &g);
GemmShape shapeAvx2();

// ---- element-wise operations (AVX2), each equal to the reference set's float64 result rounded ----
void biasAdd(float *z, const float *bias, int M, int N);
void biasRelu(float *h, const float *bias, int M, int N);
void reluBackward(float *dz, const float *h, size_t n);
void columnSum(float *out, const float *a, int M, int N);
void sgdUpdate(float *param, const float *grad, double lr, size_t n);
// returns the loss sum; *correct gets the rows whose first arg-max is the label
double softmaxCrossEntropy(float *dlogits, const float *logits, const int32_t *labels, int M, int N, double scale,
                           int32_t *correct);

// ---- float64 products, for checks: the reference set's loops in its order, no fused multiply-add ----
void matmulF64(int layout, double *out, const double *a, const double *b, int M, int K, int N);

}  // namespace mlp
