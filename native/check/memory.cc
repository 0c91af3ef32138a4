// Memory check of the native kernels, outside Node so that nothing but our code runs under the
// checker: every product path (blocked, compressed-row, narrow) in every layout, on every tile the CPU
// runs and on 1 and 3 threads, and every
// element-wise operation, over the contract suite's shapes (ragged against the 6 × 16 tile, the
// 256-deep slice and the 240-row block). Each operand is its own heap block of exactly the size the
// contract says, so a read or write one float past an edge tile lands outside it, where AddressSanitizer
// or valgrind's memcheck reports it. Results are compared with the float64 check product, so a path
// that skips work is caught too. Run by scripts/check-native-memory.sh.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../src/cpu.h"
#include "../src/engine.h"
#include "../src/kernels.h"

namespace {

float *block(size_t n) { return static_cast<float *>(std::malloc(n * sizeof(float) + (n == 0))); }

unsigned seed = 12345;
float value(double zeros) {
  seed = seed * 1103515245u + 12345u;
  const double u = ((seed >> 8) & 0xffffff) / 16777216.0;
  if (u < zeros) return 0.0f;
  seed = seed * 1103515245u + 12345u;
  return static_cast<float>(((seed >> 8) & 0xffffff) / 16777216.0 * 2 - 1);
}

int failures = 0;

// op 0 NN: out (M,N) = a (M,K)·b (K,N); 1 TN: out (K,N) = aᵀ·b, a (M,K), b (M,N); 2 NT: out (M,K) = a·bᵀ, b (K,N)
void product(mlp::Engine &s, int op, int M, int K, int N, double zeros) {
  const size_t mk = static_cast<size_t>(M) * K, kn = static_cast<size_t>(K) * N, mn = static_cast<size_t>(M) * N;
  const size_t la = op == 2 ? mn : mk, lb = op == 0 ? kn : op == 1 ? mn : kn, lo = op == 0 ? mn : op == 1 ? kn : mk;
  float *a = block(la), *b = block(lb), *out = block(lo);
  std::vector<double> a64(la), b64(lb), want(lo);
  for (size_t i = 0; i < la; i++) a64[i] = a[i] = value(zeros);
  for (size_t i = 0; i < lb; i++) b64[i] = b[i] = value(0.1);
  mlp::GemmArgs g{};
  if (op == 0) g = {out, a, b, M, N, K, K, N, false, false, N};
  if (op == 1) g = {out, a, b, K, N, M, K, N, true, false, N};
  if (op == 2) g = {out, a, b, M, K, N, N, N, false, true, K};
  if (!mlp::gemm(s, g)) {
    std::printf("out of memory\n");
    std::exit(2);
  }
  mlp::matmulF64(op, want.data(), a64.data(), b64.data(), M, K, N);
  const int n = op == 0 ? K : op == 1 ? M : N;  // reduction length
  for (size_t i = 0; i < lo; i++) {
    if (!(std::fabs(out[i] - want[i]) <= 2.0 * n * std::ldexp(1.0, -24) * (n + 1.0))) {
      std::printf("op %d (M,K,N) = (%d,%d,%d): element %zu is %g, float64 says %g\n", op, M, K, N, i, out[i], want[i]);
      failures++;
      break;
    }
  }
  std::free(a);
  std::free(b);
  std::free(out);
}

void elementwise(int M, int N) {
  const size_t n = static_cast<size_t>(M) * N;
  float *z = block(n), *bias = block(N), *out = block(N), *grad = block(n), *d = block(n);
  int32_t *labels = static_cast<int32_t *>(std::malloc(sizeof(int32_t) * M));
  for (size_t i = 0; i < n; i++) z[i] = value(0.3), grad[i] = value(0.0);
  for (int j = 0; j < N; j++) bias[j] = value(0.0);
  for (int i = 0; i < M; i++) labels[i] = i % N;
  mlp::biasAdd(z, bias, M, N);
  mlp::biasRelu(z, bias, M, N);
  mlp::reluBackward(grad, z, n);
  mlp::columnSum(out, grad, M, N);
  mlp::sgdUpdate(z, grad, 0.1, n);
  int32_t correct = 0;
  mlp::softmaxCrossEntropy(d, z, labels, M, N, 1.0 / M, &correct);
  mlp::softmaxCrossEntropy(nullptr, z, labels, M, N, 0, &correct);
  std::free(z);
  std::free(bias);
  std::free(out);
  std::free(grad);
  std::free(d);
  std::free(labels);
}

}  // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1;  // valgrind: the small shapes and one MLP shape
  const int shapes[][3] = {{1, 1, 1},     {7, 13, 17},     {3, 5, 7},       {5, 9, 15},      {4, 8, 8},
                           {9, 7, 3},     {17, 15, 9},     {1, 33, 1},      {33, 1, 31},     {13, 257, 19},
                           {4000, 20, 9}, {200, 1024, 10}, {131, 300, 1031}, {200, 784, 512}, {200, 512, 1024}};
  const int count = quick ? 13 : sizeof(shapes) / sizeof(shapes[0]);
  int products = 0;
  // every tile the CPU runs, each with a small and the default blocking, on 1 and 3 threads (the
  // thread split's column ranges and per-thread scratch), over the densities that pick each path
  struct Variant {
    mlp::Tile tile;
    mlp::Blocking blocking;
    int threads;
  };
  std::vector<Variant> variants = {{mlp::Tile::avx2_6x16, {256, 240}, 1}, {mlp::Tile::avx2_6x16, {40, 30}, 3}};
  if (mlp::cpuFeatures().avx512f) {
    variants.push_back({mlp::Tile::avx512_12x32, {256, 192}, 1});
    variants.push_back({mlp::Tile::avx512_12x32, {40, 30}, 3});
    variants.push_back({mlp::Tile::avx512_6x64, {128, 240}, quick ? 1 : 2});
  }
  for (const Variant &v : variants) {
    for (const double density : {0.0, 1.0, mlp::SPARSE_DENSITY}) {
      mlp::Engine e;  // a fresh engine per variant and density, its scratch grown by the shapes as they come
      e.tuning.tile = v.tile;
      e.tuning.blocking = v.blocking;
      e.tuning.sparseDensity = density;
      if (!e.setThreads(v.threads)) {
        std::printf("could not start %d threads\n", v.threads);
        return 2;
      }
      for (int i = 0; i < count; i++) {
        for (int op = 0; op < 3; op++) {
          for (const double zeros : {0.8, 0.25}) {
            product(e, op, shapes[i][0], shapes[i][1], shapes[i][2], zeros);
            products++;
          }
        }
      }
    }
  }
  const int ew[][2] = {{1, 1}, {7, 13}, {3, 5}, {5, 9}, {1, 17}, {4, 15}, {31, 33}, {200, 512}, {200, 1024}, {200, 10}};
  for (const auto &e : ew) elementwise(e[0], e[1]);
  std::printf("%d products and %zu element-wise shapes checked, %d wrong\n", products, sizeof(ew) / sizeof(ew[0]), failures);
  return failures == 0 ? 0 : 1;
}
