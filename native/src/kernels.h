// The float32 kernel set of the `native` addon (AVX2 + FMA, AVX-512F tiles where the CPU has them), and
// the scratch one thread of a kernel set (one job) owns. The N-API glue (addon.cc) checks every argument before it
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
};

// The default share of non-zeros at or below which A goes the compressed-row way (sparse.h), before
// (or without) the autotune.
constexpr double SPARSE_DENSITY = 0.30;

// C (m,n), row stride ldc ≥ n (a thread's column range of a wider C), = A (m,k) · B (k,n).
struct GemmArgs {
  float *c;
  const float *a;
  const float *b;
  int m, n, k;
  int lda, ldb;
  bool aT, bT;
  int ldc;
};

// The register tiles there are; which one runs, and the blocking, are chosen at run time (engine.h).
// Every tile computes each element of C as the same chain of FMAs, so they all give the same bits.
enum class Tile : int {
  avx2_6x16 = 0,    // 12 ymm accumulators
  avx512_12x32 = 1,  // 24 zmm accumulators, 2 B vectors, 1 broadcast
  avx512_6x64 = 2,   // 24 zmm accumulators, 4 B vectors: fewer loads per FMA, a wider B panel
};
struct TileShape {
  int mr, nr;
  const char *name;
};
TileShape tileShape(Tile t);

// The reduction slice (KC: a B micro-panel of KC × NR stays in L1) and the A block (MC rows × KC: L2).
struct Blocking {
  int kc, mc;
};

// The blocked product on one tile, for C's columns [0, g.n). Return false only when scratch memory
// could not be had. avx512 ones may be called only when the CPU has AVX-512F.
bool gemmBlockedAvx2(Scratch &s, const GemmArgs &g, const Blocking &b);
bool gemmBlockedAvx512(Scratch &s, const GemmArgs &g, const Blocking &b, Tile t);

// The compressed-row path for a mostly zero A (sparse.h), B as stored or transposed: count A's non-zeros; compress
// A into s (false: out of memory); then compute C's columns [j0, j1) from `compressed` with `own` (a
// thread's scratch) holding the B slab and the row cursors. The columns are independent: each thread
// compresses A into its own scratch and computes its columns from that (engine.cc says why).
size_t countNonZeros(const GemmArgs &g);
bool sparseCompress(Scratch &s, const GemmArgs &g, size_t nonZeros);
bool sparseColumns(const Scratch &compressed, Scratch &own, const GemmArgs &g, int j0, int j1, bool zmm);
constexpr int SPARSE_COLUMNS = 64;  // columns of C per pass of the sparse path: 8 ymm accumulators
// The slab's reduction steps taken at a time (96 × 256 bytes = 24 KiB of B stay in L1), see sparse.h.
constexpr int SPARSE_BLOCK = 96;
// One pass of the compressed-row path in zmm registers (avx512.cc; AVX-512F only): the same chains as
// sparse.h's ymm pass, four zmm accumulators instead of eight ymm, so the same bits in fewer
// instructions. `full`: all SPARSE_COLUMNS columns are C's.
void sparseChunkAvx512(bool full, const Scratch &comp, int32_t *cursor, const GemmArgs &g, const float *slab, int j0, int cols);

// Peak probes: `steps` rounds of independent FMAs (12 ymm / 24 zmm chains): 192 / 768 flops a round.
float fmaProbeAvx2(long steps);
float fmaProbeAvx512(long steps);

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
