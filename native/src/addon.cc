// The N-API face of the `native` kernel set: argument unpacking and checks, the per-job context that
// owns the packing scratch, aligned allocation, and run-time CPU dispatch. Context-aware (no global
// mutable state beyond the once-computed CPU flags), so every worker thread can load it at once.
//
// No copy per call: every operation takes the job's own typed arrays and works on their memory in
// place (napi_get_typedarray_info hands over the data pointer; V8 does not move an ArrayBuffer's
// backing store, and no JavaScript runs, so no GC, during a call). The TypeScript side
// (src/kernels/native/) checks shapes and writes the friendly messages; the checks here only make
// sure no call can read or write outside its arrays, whoever calls it.
#define NAPI_VERSION 8
#include <node_api.h>
#include <sched.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "cpu.h"
#include "engine.h"
#include "kernels.h"
#include "tune.h"

namespace {

const mlp::CpuFeatures &cpu() {
  static const mlp::CpuFeatures features = mlp::cpuFeatures();  // thread-safe static init
  return features;
}

bool avx2Usable() { return cpu().avx2 && cpu().fma; }

// One kernel set's state: its product engine (tuning, threads, a packing scratch per thread).
struct Context {
  mlp::Engine engine;
};

// ---- argument helpers: each returns false with a JavaScript exception pending ----

bool fail(napi_env env, const char *op, const std::string &what) {
  napi_throw_range_error(env, "ERR_NATIVE_KERNEL_ARGUMENT", (std::string("native ") + op + ": " + what).c_str());
  return false;
}

template <class T>
bool typedArray(napi_env env, napi_value v, napi_typedarray_type want, const char *typeName, const char *op,
                const char *name, T **data, size_t *length) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  napi_typedarray_type type;
  void *raw = nullptr;
  if (!is || napi_get_typedarray_info(env, v, &type, length, &raw, nullptr, nullptr) != napi_ok || type != want) {
    return fail(env, op, std::string(name) + " must be a " + typeName);
  }
  *data = static_cast<T *>(raw);
  return true;
}

bool floats(napi_env env, napi_value v, const char *op, const char *name, size_t needed, float **data) {
  size_t length = 0;
  if (!typedArray(env, v, napi_float32_array, "Float32Array", op, name, data, &length)) return false;
  if (length < needed) {
    return fail(env, op, std::string(name) + " needs " + std::to_string(needed) + " floats, got " + std::to_string(length));
  }
  return true;
}

bool size(napi_env env, napi_value v, const char *op, const char *name, int *out) {
  double d = -1;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0 && d <= 0x3fffffff) || d != static_cast<int>(d)) {
    return fail(env, op, std::string(name) + " must be an integer in 0..2³⁰−1");
  }
  *out = static_cast<int>(d);
  return true;
}

bool flag(napi_env env, napi_value v, bool *out) {
  return napi_get_value_bool(env, v, out) == napi_ok;
}

bool needAvx2(napi_env env, const char *op) {
  return avx2Usable() || fail(env, op, "this CPU (or OS) has no AVX2 + FMA");
}

template <size_t N>
bool args(napi_env env, napi_callback_info info, napi_value (&argv)[N], const char *op) {
  size_t argc = N;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < N) {
    return fail(env, op, "expects " + std::to_string(N) + " arguments");
  }
  return true;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// Floats an operand of `rows` × `cols` (stored transposed or not, leading dimension ld) spans.
size_t span(int rows, int cols, int ld, bool transposed) {
  if (rows == 0 || cols == 0) return 0;
  return transposed ? static_cast<size_t>(cols - 1) * ld + rows : static_cast<size_t>(rows - 1) * ld + cols;
}

// The optional context after an element-wise operation's arguments: its engine's threads split the
// work (the same bits: each element is computed alone). Null when absent.
Context *optionalContext(napi_env env, napi_callback_info info, size_t index) {
  size_t argc = 8;
  napi_value argv[8];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc <= index) return nullptr;
  Context *ctx = nullptr;
  napi_valuetype type;
  napi_typeof(env, argv[index], &type);
  if (type != napi_external || napi_get_value_external(env, argv[index], reinterpret_cast<void **>(&ctx)) != napi_ok) return nullptr;
  return ctx;
}

// ---- exports ----

// cpu() → { x86, avx2, fma, avx512f, compiler, brand, vendor, family, model, stepping }
napi_value Cpu(napi_env env, napi_callback_info) {
  napi_value o, v;
  napi_create_object(env, &o);
  const auto &f = cpu();
  const std::pair<const char *, bool> flags[] = {
      {"x86", f.x86}, {"avx2", f.avx2}, {"fma", f.fma}, {"avx512f", f.avx512f}};
  for (const auto &[name, value] : flags) {
    napi_get_boolean(env, value, &v);
    napi_set_named_property(env, o, name, v);
  }
#if defined(__clang__)
  const std::string compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  const std::string compiler = std::string("gcc ") + __VERSION__;
#else
  const std::string compiler = "unknown compiler";
#endif
  napi_create_string_utf8(env, compiler.c_str(), compiler.size(), &v);
  napi_set_named_property(env, o, "compiler", v);
  for (const auto &[name, text] : {std::pair<const char *, const std::string &>{"brand", f.brand}, {"vendor", f.vendor}}) {
    napi_create_string_utf8(env, text.c_str(), text.size(), &v);
    napi_set_named_property(env, o, name, v);
  }
  for (const auto &[name, value] : {std::pair<const char *, int>{"family", f.family}, {"model", f.model}, {"stepping", f.stepping}}) {
    napi_create_int32(env, value, &v);
    napi_set_named_property(env, o, name, v);
  }
  return o;
}

void setNumber(napi_env env, napi_value o, const char *name, double value) {
  napi_value v;
  napi_create_double(env, value, &v);
  napi_set_named_property(env, o, name, v);
}

void setString(napi_env env, napi_value o, const char *name, const std::string &text) {
  napi_value v;
  napi_create_string_utf8(env, text.c_str(), text.size(), &v);
  napi_set_named_property(env, o, name, v);
}

napi_value tuningObject(napi_env env, const mlp::Tuning &t) {
  napi_value o;
  napi_create_object(env, &o);
  const mlp::TileShape shape = mlp::tileShape(t.tile);
  setNumber(env, o, "tile", static_cast<int>(t.tile));
  setString(env, o, "tileName", shape.name);
  setNumber(env, o, "mr", shape.mr);
  setNumber(env, o, "nr", shape.nr);
  setNumber(env, o, "kc", t.blocking.kc);
  setNumber(env, o, "mc", t.blocking.mc);
  setNumber(env, o, "sparseDensity", t.sparseDensity);
  return o;
}

Context *context(napi_env env, napi_value v, const char *op) {
  Context *ctx = nullptr;
  if (napi_get_value_external(env, v, reinterpret_cast<void **>(&ctx)) != napi_ok || ctx == nullptr) {
    fail(env, op, "the first argument must be a context from createContext()");
    return nullptr;
  }
  return ctx;
}

// a number property of an options object: false with an exception pending when it is there but not
// a number in [lo, hi]; *present says whether it was there
bool option(napi_env env, napi_value o, const char *op, const char *name, double lo, double hi, double *out, bool *present) {
  *present = false;
  bool has = false;
  if (napi_has_named_property(env, o, name, &has) != napi_ok || !has) return true;
  napi_value v;
  napi_get_named_property(env, o, name, &v);
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (type == napi_undefined) return true;
  double d = 0;
  if (type != napi_number || napi_get_value_double(env, v, &d) != napi_ok || !(d >= lo && d <= hi)) {
    return fail(env, op, std::string(name) + " must be a number in " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  *out = d;
  *present = true;
  return true;
}

// tuning(ctx) → { tile, tileName, mr, nr, kc, mc, sparseDensity, threads, sparseZmm } the context runs with
napi_value GetTuning(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, argv, "tuning")) return nullptr;
  Context *ctx = context(env, argv[0], "tuning");
  if (ctx == nullptr) return nullptr;
  napi_value o = tuningObject(env, ctx->engine.tuning);
  setNumber(env, o, "threads", ctx->engine.threads);
  napi_value zmm;
  napi_get_boolean(env, ctx->engine.sparseZmm, &zmm);
  napi_set_named_property(env, o, "sparseZmm", zmm);
  return o;
}

// configure(ctx, { tile?, kc?, mc?, sparseDensity?, sparseZmm?, threads? }): every choice gives the same
// bits (sparseZmm 0 or 1: the compressed-row path in ymm or zmm registers; 1 needs AVX-512F)
napi_value Configure(napi_env env, napi_callback_info info) {
  const char *op = "configure";
  napi_value argv[2];
  if (!args(env, info, argv, op)) return nullptr;
  Context *ctx = context(env, argv[0], op);
  if (ctx == nullptr) return nullptr;
  double tile = 0, kc = 0, mc = 0, density = 0, zmm = 0, threads = 0;
  bool hasTile, hasKc, hasMc, hasDensity, hasZmm, hasThreads;
  if (!option(env, argv[1], op, "tile", 0, 2, &tile, &hasTile) || !option(env, argv[1], op, "kc", 8, 4096, &kc, &hasKc) ||
      !option(env, argv[1], op, "mc", 1, 4096, &mc, &hasMc) ||
      !option(env, argv[1], op, "sparseDensity", 0, 1, &density, &hasDensity) ||
      !option(env, argv[1], op, "sparseZmm", 0, 1, &zmm, &hasZmm) ||
      !option(env, argv[1], op, "threads", 1, 64, &threads, &hasThreads)) {
    return nullptr;
  }
  mlp::Tuning t = ctx->engine.tuning;
  if (hasTile) {
    t.tile = static_cast<mlp::Tile>(static_cast<int>(tile));
    if (t.tile != mlp::Tile::avx2_6x16 && !cpu().avx512f) {
      fail(env, op, "this CPU (or OS) has no AVX-512F for that tile");
      return nullptr;
    }
  }
  if (hasKc) t.blocking.kc = static_cast<int>(kc);
  if (hasMc) t.blocking.mc = static_cast<int>(mc);
  if (hasDensity) t.sparseDensity = density;
  if (hasZmm && zmm != 0 && !cpu().avx512f) {
    fail(env, op, "this CPU (or OS) has no AVX-512F for the zmm sparse path");
    return nullptr;
  }
  ctx->engine.tuning = t;
  if (hasZmm) ctx->engine.sparseZmm = zmm != 0;
  if (hasThreads && !ctx->engine.setThreads(static_cast<int>(threads))) {
    napi_throw_error(env, "ERR_NATIVE_KERNEL_THREADS", ("native configure: could start only " + std::to_string(ctx->engine.threads) + " threads").c_str());
    return nullptr;
  }
  return undefined(env);
}

// peak() → { ghz, avx2Gflops, avx512Gflops }: this core's clock and FMA throughput, measured
napi_value MeasurePeak(napi_env env, napi_callback_info) {
  if (!needAvx2(env, "peak")) return nullptr;
  const mlp::Peak p = mlp::measurePeak(cpu().avx512f);
  napi_value o;
  napi_create_object(env, &o);
  setNumber(env, o, "ghz", p.ghz);
  setNumber(env, o, "avx2Gflops", p.avx2Gflops);
  setNumber(env, o, "avx512Gflops", p.avx512Gflops);
  return o;
}

// autotune(budgetSeconds) → { tile, tileName, mr, nr, kc, mc, sparseDensity, seconds, denseGflops, log }
napi_value Autotune(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, argv, "autotune") || !needAvx2(env, "autotune")) return nullptr;
  double budget = 0.5;
  napi_get_value_double(env, argv[0], &budget);
  const mlp::TuneResult r = mlp::autotune(cpu().avx512f, budget);
  napi_value o = tuningObject(env, r.tuning), log, v;
  setNumber(env, o, "seconds", r.seconds);
  setNumber(env, o, "denseGflops", r.denseGflops);
  napi_create_array_with_length(env, r.log.size(), &log);
  for (uint32_t i = 0; i < r.log.size(); i++) {
    napi_create_string_utf8(env, r.log[i].c_str(), r.log[i].size(), &v);
    napi_set_element(env, log, i, v);
  }
  napi_set_named_property(env, o, "log", log);
  return o;
}

void finalizeContext(napi_env, void *data, void *) { delete static_cast<Context *>(data); }

// createContext(sparseDensity?) → an external owning one kernel set's scratch; sparseDensity overrides
// the share of non-zeros below which a product takes the sparse path (for tests and measurements)
napi_value CreateContext(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  double density = mlp::SPARSE_DENSITY;
  napi_valuetype type = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &type);
  if (type == napi_number) napi_get_value_double(env, argv[0], &density);
  if (!needAvx2(env, "createContext")) return nullptr;
  auto *ctx = new (std::nothrow) Context();
  if (ctx == nullptr) {
    napi_throw_error(env, "ERR_NATIVE_KERNEL_MEMORY", "native createContext: out of memory");
    return nullptr;
  }
  ctx->engine.tuning.sparseDensity = density;
  napi_value external;
  if (napi_create_external(env, ctx, finalizeContext, nullptr, &external) != napi_ok) {
    delete ctx;
    return nullptr;
  }
  return external;
}

// gemm(ctx, c, a, b, m, n, k, lda, aT, ldb, bT): C (m,n) = A (m,k) · B (k,n), A(i,p) = aT ? a[p*lda+i] : a[i*lda+p]
napi_value Gemm(napi_env env, napi_callback_info info) {
  const char *op = "gemm";
  napi_value argv[11];
  if (!args(env, info, argv, op)) return nullptr;
  Context *ctx = context(env, argv[0], op);
  if (ctx == nullptr) return nullptr;
  mlp::GemmArgs g{};
  if (!size(env, argv[4], op, "m", &g.m) || !size(env, argv[5], op, "n", &g.n) || !size(env, argv[6], op, "k", &g.k) ||
      !size(env, argv[7], op, "lda", &g.lda) || !size(env, argv[9], op, "ldb", &g.ldb)) {
    return nullptr;
  }
  if (!flag(env, argv[8], &g.aT) || !flag(env, argv[10], &g.bT)) {
    fail(env, op, "aT and bT must be booleans");
    return nullptr;
  }
  if (g.lda < (g.aT ? g.m : g.k) || g.ldb < (g.bT ? g.k : g.n)) {
    fail(env, op, "a leading dimension is shorter than its rows");
    return nullptr;
  }
  float *c = nullptr, *a = nullptr, *b = nullptr;
  if (!floats(env, argv[1], op, "c", static_cast<size_t>(g.m) * g.n, &c) ||
      !floats(env, argv[2], op, "a", span(g.m, g.k, g.lda, g.aT), &a) ||
      !floats(env, argv[3], op, "b", span(g.k, g.n, g.ldb, g.bT), &b)) {
    return nullptr;
  }
  g.c = c;
  g.a = a;
  g.b = b;
  g.ldc = g.n;
  if (!mlp::gemm(ctx->engine, g)) napi_throw_error(env, "ERR_NATIVE_KERNEL_MEMORY", "native gemm: out of memory for the packing scratch");
  return undefined(env);
}

// biasAdd(z, bias, M, N, ctx?) / biasRelu(h, bias, M, N, ctx?): rows split over ctx's threads
template <bool RELU>
napi_value Bias(napi_env env, napi_callback_info info) {
  const char *op = RELU ? "biasRelu" : "biasAdd";
  napi_value argv[4];
  int M, N;
  float *z, *bias;
  if (!args(env, info, argv, op) || !needAvx2(env, op) || !size(env, argv[2], op, "M", &M) ||
      !size(env, argv[3], op, "N", &N) || !floats(env, argv[0], op, RELU ? "h" : "z", static_cast<size_t>(M) * N, &z) ||
      !floats(env, argv[1], op, "bias", static_cast<size_t>(N), &bias)) {
    return nullptr;
  }
  const auto rows = [&](size_t begin, size_t end) {
    float *at = z + begin * static_cast<size_t>(N);
    RELU ? mlp::biasRelu(at, bias, static_cast<int>(end - begin), N) : mlp::biasAdd(at, bias, static_cast<int>(end - begin), N);
  };
  Context *ctx = optionalContext(env, info, 4);
  if (ctx != nullptr && N > 0) {
    mlp::parallelRanges(ctx->engine, static_cast<size_t>(M), 1, mlp::THREAD_MIN_ELEMENTS / N + 1, rows);
  } else {
    rows(0, static_cast<size_t>(M));
  }
  return undefined(env);
}

// reluBackward(dz, h, n, ctx?)
napi_value ReluBackward(napi_env env, napi_callback_info info) {
  const char *op = "reluBackward";
  napi_value argv[3];
  int n;
  float *dz, *h;
  if (!args(env, info, argv, op) || !needAvx2(env, op) || !size(env, argv[2], op, "n", &n) ||
      !floats(env, argv[0], op, "dz", n, &dz) || !floats(env, argv[1], op, "h", n, &h)) {
    return nullptr;
  }
  const auto range = [&](size_t begin, size_t end) { mlp::reluBackward(dz + begin, h + begin, end - begin); };
  Context *ctx = optionalContext(env, info, 3);
  if (ctx != nullptr) {
    mlp::parallelRanges(ctx->engine, static_cast<size_t>(n), 64, mlp::THREAD_MIN_ELEMENTS, range);
  } else {
    range(0, static_cast<size_t>(n));
  }
  return undefined(env);
}

// columnSum(out, a, M, N)
napi_value ColumnSum(napi_env env, napi_callback_info info) {
  const char *op = "columnSum";
  napi_value argv[4];
  int M, N;
  float *out, *a;
  if (!args(env, info, argv, op) || !needAvx2(env, op) || !size(env, argv[2], op, "M", &M) ||
      !size(env, argv[3], op, "N", &N) || !floats(env, argv[0], op, "out", N, &out) ||
      !floats(env, argv[1], op, "a", static_cast<size_t>(M) * N, &a)) {
    return nullptr;
  }
  mlp::columnSum(out, a, M, N);
  return undefined(env);
}

// sgdUpdate(param, grad, lr, n, ctx?)
napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  const char *op = "sgdUpdate";
  napi_value argv[4];
  int n;
  double lr = 0;
  float *param, *grad;
  if (!args(env, info, argv, op) || !needAvx2(env, op) || !size(env, argv[3], op, "n", &n) ||
      !floats(env, argv[0], op, "param", n, &param) || !floats(env, argv[1], op, "grad", n, &grad)) {
    return nullptr;
  }
  if (napi_get_value_double(env, argv[2], &lr) != napi_ok) {
    fail(env, op, "lr must be a number");
    return nullptr;
  }
  const auto range = [&](size_t begin, size_t end) { mlp::sgdUpdate(param + begin, grad + begin, lr, end - begin); };
  Context *ctx = optionalContext(env, info, 4);
  if (ctx != nullptr) {
    mlp::parallelRanges(ctx->engine, static_cast<size_t>(n), 64, mlp::THREAD_MIN_ELEMENTS, range);
  } else {
    range(0, static_cast<size_t>(n));
  }
  return undefined(env);
}

// softmaxCrossEntropy(dlogits | null, logits, labels, M, N, scale) → { lossSum, correct }
napi_value SoftmaxCrossEntropy(napi_env env, napi_callback_info info) {
  const char *op = "softmaxCrossEntropy";
  napi_value argv[6];
  int M, N;
  double scale = 0;
  float *dlogits = nullptr, *logits;
  int32_t *labels = nullptr;
  size_t labelCount = 0;
  if (!args(env, info, argv, op) || !needAvx2(env, op) || !size(env, argv[3], op, "M", &M) ||
      !size(env, argv[4], op, "N", &N) || !floats(env, argv[1], op, "logits", static_cast<size_t>(M) * N, &logits) ||
      !typedArray(env, argv[2], napi_int32_array, "Int32Array", op, "labels", &labels, &labelCount)) {
    return nullptr;
  }
  napi_valuetype type;
  napi_typeof(env, argv[0], &type);
  if (type != napi_null && !floats(env, argv[0], op, "dlogits", static_cast<size_t>(M) * N, &dlogits)) return nullptr;
  if (napi_get_value_double(env, argv[5], &scale) != napi_ok) {
    fail(env, op, "scale must be a number");
    return nullptr;
  }
  if (labelCount < static_cast<size_t>(M)) {
    fail(env, op, "labels needs " + std::to_string(M) + " ints, got " + std::to_string(labelCount));
    return nullptr;
  }
  for (int i = 0; i < M; i++) {
    if (labels[i] < 0 || labels[i] >= N) {
      fail(env, op, "labels[" + std::to_string(i) + "] = " + std::to_string(labels[i]) + " is not a class of 0.." + std::to_string(N - 1));
      return nullptr;
    }
  }
  int32_t correct = 0;
  const double lossSum = mlp::softmaxCrossEntropy(dlogits, logits, labels, M, N, scale, &correct);
  napi_value o, v;
  napi_create_object(env, &o);
  napi_create_double(env, lossSum, &v);
  napi_set_named_property(env, o, "lossSum", v);
  napi_create_int32(env, correct, &v);
  napi_set_named_property(env, o, "correct", v);
  return o;
}

// gatherRows(x, labels, images, imageLabels, order | null, start, rows, features): the examples
// order[start .. start+rows) (start .. start+rows without an order) of a split of byte pixels into the
// float batch x (rows, features), as v / 255 in float64 rounded to float32 (the bits of
// src/data/dataset.ts's gatherBatch), and their labels; an example outside the split is an error
napi_value GatherRows(napi_env env, napi_callback_info info) {
  const char *op = "gatherRows";
  napi_value argv[8];
  int start, rows, features;
  float *x;
  int32_t *labels, *order = nullptr;
  uint8_t *images, *imageLabels;
  size_t labelCount = 0, imageBytes = 0, imageLabelCount = 0, orderCount = 0;
  if (!args(env, info, argv, op) || !size(env, argv[5], op, "start", &start) || !size(env, argv[6], op, "rows", &rows) ||
      !size(env, argv[7], op, "features", &features) ||
      !floats(env, argv[0], op, "x", static_cast<size_t>(rows) * features, &x) ||
      !typedArray(env, argv[1], napi_int32_array, "Int32Array", op, "labels", &labels, &labelCount) ||
      !typedArray(env, argv[2], napi_uint8_array, "Uint8Array", op, "images", &images, &imageBytes) ||
      !typedArray(env, argv[3], napi_uint8_array, "Uint8Array", op, "imageLabels", &imageLabels, &imageLabelCount)) {
    return nullptr;
  }
  napi_valuetype type;
  napi_typeof(env, argv[4], &type);
  if (type != napi_null && !typedArray(env, argv[4], napi_int32_array, "Int32Array", op, "order", &order, &orderCount)) return nullptr;
  if (labelCount < static_cast<size_t>(rows)) {
    fail(env, op, "labels needs " + std::to_string(rows) + " ints, got " + std::to_string(labelCount));
    return nullptr;
  }
  const size_t count = features == 0 ? imageLabelCount : std::min(imageLabelCount, imageBytes / features);
  if (order != nullptr && static_cast<size_t>(start) + rows > orderCount) {
    fail(env, op, "order has " + std::to_string(orderCount) + " entries, fewer than start + rows");
    return nullptr;
  }
  for (int r = 0; r < rows; r++) {
    const long example = order != nullptr ? order[start + r] : static_cast<long>(start) + r;
    if (example < 0 || static_cast<size_t>(example) >= count) {
      fail(env, op, "example " + std::to_string(example) + " is outside the split's " + std::to_string(count));
      return nullptr;
    }
  }
  float table[256];
  for (int v = 0; v < 256; v++) table[v] = static_cast<float>(v / 255.0);
  // shuffled examples are rows scattered over the split: the rows a few ahead are fetched while this
  // one converts (a third of a shuffled gather's time was waiting on memory)
  constexpr int AHEAD = 4;
  const auto exampleAt = [&](int r) {
    return order != nullptr ? static_cast<size_t>(order[start + r]) : static_cast<size_t>(start) + r;
  };
  for (int r = 0; r < rows; r++) {
    const size_t example = exampleAt(r);
    if (order != nullptr && r + AHEAD < rows) {
      const uint8_t *ahead = images + exampleAt(r + AHEAD) * features;
      for (int line = 0; line < features; line += 64) __builtin_prefetch(ahead + line);
    }
    const uint8_t *src = images + example * features;
    float *dst = x + static_cast<size_t>(r) * features;
    for (int k = 0; k < features; k++) dst[k] = table[src[k]];
    labels[r] = imageLabels[example];
  }
  return undefined(env);
}

// matmulF64(layout, out, a, b, M, K, N), layout 0 NN, 1 TN, 2 NT: the reference set's float64 loops
napi_value MatmulF64(napi_env env, napi_callback_info info) {
  const char *op = "matmulF64";
  napi_value argv[7];
  int layout, M, K, N;
  double *out, *a, *b;
  size_t lo = 0, la = 0, lb = 0;
  if (!args(env, info, argv, op) || !size(env, argv[0], op, "layout", &layout) || !size(env, argv[4], op, "M", &M) ||
      !size(env, argv[5], op, "K", &K) || !size(env, argv[6], op, "N", &N) ||
      !typedArray(env, argv[1], napi_float64_array, "Float64Array", op, "out", &out, &lo) ||
      !typedArray(env, argv[2], napi_float64_array, "Float64Array", op, "a", &a, &la) ||
      !typedArray(env, argv[3], napi_float64_array, "Float64Array", op, "b", &b, &lb)) {
    return nullptr;
  }
  const size_t mk = static_cast<size_t>(M) * K, kn = static_cast<size_t>(K) * N, mn = static_cast<size_t>(M) * N;
  const size_t need[3][3] = {{mn, mk, kn}, {kn, mk, mn}, {mk, mn, kn}};  // out, a, b per layout
  if (layout > 2 || lo < need[layout][0] || la < need[layout][1] || lb < need[layout][2]) {
    fail(env, op, "layout must be 0..2 and the arrays long enough for (M,K,N)");
    return nullptr;
  }
  mlp::matmulF64(layout, out, a, b, M, K, N);
  return undefined(env);
}

// idleThread() → true when the calling thread now runs only when no other thread wants its core
// (Linux SCHED_IDLE: a thread of normal priority that wakes takes the core at once, where a nice-19
// thread keeps it for its time slice); false where the system has no such policy. Not a kernel: the
// report thread's one system call, here because Node has no binding for it.
napi_value IdleThread(napi_env env, napi_callback_info) {
  bool done = false;
#ifdef SCHED_IDLE
  sched_param param{};
  param.sched_priority = 0;
  done = sched_setscheduler(0, SCHED_IDLE, &param) == 0;
#endif
  napi_value result;
  napi_get_boolean(env, done, &result);
  return result;
}

// allocate(length, ints) → a zero-filled Float32Array (Int32Array when ints) whose data starts on a
// 64-byte line: a whole SIMD row never straddles two cache lines needlessly
napi_value Allocate(napi_env env, napi_callback_info info) {
  const char *op = "allocate";
  napi_value argv[2];
  int length;
  bool ints = false;
  if (!args(env, info, argv, op) || !size(env, argv[0], op, "length", &length)) return nullptr;
  flag(env, argv[1], &ints);
  void *data = nullptr;
  napi_value buffer, view;
  const size_t bytes = static_cast<size_t>(length) * 4;
  if (napi_create_arraybuffer(env, bytes + 64, &data, &buffer) != napi_ok) return nullptr;
  const size_t offset = (64 - reinterpret_cast<uintptr_t>(data) % 64) % 64;
  std::memset(static_cast<char *>(data) + offset, 0, bytes);
  if (napi_create_typedarray(env, ints ? napi_int32_array : napi_float32_array, length, buffer, offset, &view) != napi_ok) {
    return nullptr;
  }
  return view;
}

// lineOffset(view) → the byte offset of the view's data within its 64-byte cache line (for tests)
napi_value LineOffset(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, argv, "lineOffset")) return nullptr;
  void *data = nullptr;
  bool is = false;
  napi_is_typedarray(env, argv[0], &is);
  if (!is || napi_get_typedarray_info(env, argv[0], nullptr, nullptr, &data, nullptr, nullptr) != napi_ok) {
    fail(env, "lineOffset", "view must be a typed array");
    return nullptr;
  }
  napi_value out;
  napi_create_int32(env, static_cast<int32_t>(reinterpret_cast<uintptr_t>(data) % 64), &out);
  return out;
}

}  // namespace

NAPI_MODULE_INIT() {
  const struct {
    const char *name;
    napi_callback fn;
  } functions[] = {
      {"cpu", Cpu},
      {"tuning", GetTuning},
      {"configure", Configure},
      {"autotune", Autotune},
      {"peak", MeasurePeak},
      {"createContext", CreateContext},
      {"gemm", Gemm},
      {"biasAdd", Bias<false>},
      {"biasRelu", Bias<true>},
      {"reluBackward", ReluBackward},
      {"columnSum", ColumnSum},
      {"sgdUpdate", SgdUpdate},
      {"softmaxCrossEntropy", SoftmaxCrossEntropy},
      {"matmulF64", MatmulF64},
      {"gatherRows", GatherRows},
      {"allocate", Allocate},
      {"idleThread", IdleThread},
      {"lineOffset", LineOffset},
  };
  for (const auto &f : functions) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
