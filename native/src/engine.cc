// The product engine (engine.h): path choice (narrow, compressed rows, blocked), the tile the tuning
// chose, and the split of C's columns over the job's threads. Compiled for baseline x86-64: it only
// calls into the AVX2 / AVX-512 pieces, which the addon reaches only after the CPU check.
#include "engine.h"

#include <algorithm>
#include <chrono>
#include <new>

#include "cpu.h"

namespace mlp {

namespace {
int ceilDivide(int a, int b) { return (a + b - 1) / b; }

// A product at most this many columns wide (the output layer's 10 classes) would fill the tiles
// poorly, so it is computed as Cᵀ (n,m) = Bᵀ · Aᵀ, whose n rows fill the tiles' rows, and transposed
// into C. Same products, same chain per element, so the same bits.
constexpr int NARROW_N = 12;

bool blocked(const Tuning &t, Scratch &s, const GemmArgs &g) {
  return t.tile == Tile::avx2_6x16 ? gemmBlockedAvx2(s, g, t.blocking) : gemmBlockedAvx512(s, g, t.blocking, t.tile);
}

// One product's ranges: part i computes C's columns [i·chunk, (i+1)·chunk) on scratch i, or its rows
// when `byRows`.
struct Split {
  Engine *e;
  const GemmArgs *g;
  bool sparse;
  size_t nonZeros;  // A's, when sparse
  bool byRows;
  int chunk;
  bool ok[64];
};

void runPart(void *data, int i) {
  Split &split = *static_cast<Split *>(data);
  const GemmArgs &g = *split.g;
  const int j0 = i * split.chunk, j1 = std::min(g.n, j0 + split.chunk);
  Scratch &own = *split.e->scratch[i];
  if (split.byRows) {
    // A given transposed: A(r, p) = a[p·lda + r], so rows [i0, i1) of A start at a + i0
    const int i0 = i * split.chunk, i1 = std::min(g.m, i0 + split.chunk);
    GemmArgs sub = g;
    sub.a = g.a + i0;
    sub.c = g.c + static_cast<size_t>(i0) * g.ldc;
    sub.m = i1 - i0;
    split.ok[i] = blocked(split.e->tuning, own, sub);
    return;
  }
  if (split.sparse) {
    // each thread compresses all of A for itself: a compression shared by the threads would be
    // written by one core over lines the other core read in the previous product (each line's
    // invalidation a round trip between the cores) and then read across by the other
    split.ok[i] = sparseCompress(own, g, split.nonZeros) && sparseColumns(own, own, g, j0, j1, split.e->sparseZmm);
  } else {
    GemmArgs sub = g;
    sub.c = g.c + j0;
    sub.b = g.bT ? g.b + static_cast<size_t>(j0) * g.ldb : g.b + j0;
    sub.n = j1 - j0;
    split.ok[i] = blocked(split.e->tuning, own, sub);
  }
}

// C = A · B for a product that is not narrow: compressed rows or blocked, over the threads.
bool wide(Engine &e, const GemmArgs &g) {
  if (g.m == 0 || g.n == 0) return true;
  bool sparse = false;
  size_t nonZeros = 0;
  if (g.n >= 16 && g.k > 0) {
    nonZeros = countNonZeros(g);
    sparse = static_cast<double>(nonZeros) <= e.tuning.sparseDensity * g.m * g.k;
  }
  // A product whose A is given transposed (a weight gradient Xᵀ·dZ) with at least as many rows as
  // columns splits C's rows: each thread then gathers only its rows of A from the transposed layout
  // and looks only at them for all-zero rows, where a column split has every thread do both for all
  // rows. Others split columns, in whole tiles (whole 64-column passes on the sparse path). Either way
  // each element is computed whole by one thread: the same bits.
  const bool byRows = g.aT && !sparse && g.m >= g.n;
  const int extent = byRows ? g.m : g.n;
  const int grain = byRows ? tileShape(e.tuning.tile).mr : sparse ? SPARSE_COLUMNS : tileShape(e.tuning.tile).nr;
  int parts = 1;
  if (e.threads > 1 && 2.0 * g.m * g.n * g.k >= THREAD_MIN_FLOP) parts = std::min(e.threads, ceilDivide(extent, grain));
  const int chunk = ceilDivide(ceilDivide(extent, parts), grain) * grain;
  parts = ceilDivide(extent, chunk);
  Split split{&e, &g, sparse, nonZeros, byRows, chunk, {}};
  e.pool.run(parts, runPart, &split);
  return std::all_of(split.ok, split.ok + parts, [](bool b) { return b; });
}
}  // namespace

TileShape tileShape(Tile t) {
  switch (t) {
    case Tile::avx512_12x32: return {12, 32, "AVX-512F 12×32"};
    case Tile::avx512_6x64: return {6, 64, "AVX-512F 6×64"};
    default: return {6, 16, "AVX2 6×16"};
  }
}

bool gemm(Engine &e, const GemmArgs &given) {
  GemmArgs g = given;
  if (g.ldc < g.n) g.ldc = g.n;
  if (g.n <= NARROW_N && g.m > g.n && g.k > 0) {
    Scratch &s = *e.scratch[0];
    if (!s.reserveNarrow(static_cast<size_t>(g.m) * g.n)) return false;
    // Bᵀ (n,k): element (j,p) = B(p,j); Aᵀ (k,m): element (p,i) = A(i,p)
    const GemmArgs t{s.narrow, g.b, g.a, g.n, g.m, g.k, g.ldb, g.lda, !g.bT, !g.aT, g.m};
    if (!wide(e, t)) return false;
    for (int i = 0; i < g.m; i++) {
      for (int j = 0; j < g.n; j++) g.c[static_cast<size_t>(i) * g.ldc + j] = s.narrow[static_cast<size_t>(j) * g.m + i];
    }
    return true;
  }
  return wide(e, g);
}

namespace {
// asked once: CPUID and XGETBV (cpu.cc)
bool hasAvx512f() {
  static const bool yes = cpuFeatures().avx512f;
  return yes;
}
}  // namespace

// the zmm passes wherever the CPU (and OS) has AVX-512F: the same bits, fewer instructions
Engine::Engine() : sparseZmm(hasAvx512f()) { scratch.emplace_back(new Scratch()); }

bool Engine::setThreads(int n) {
  n = std::max(1, std::min(n, 64));
  while (static_cast<int>(scratch.size()) < n) {
    Scratch *s = new (std::nothrow) Scratch();
    if (s == nullptr) break;
    scratch.emplace_back(s);
  }
  const bool started = pool.resize(std::min(n, static_cast<int>(scratch.size())) - 1);
  threads = pool.workers() + 1;
  return started && threads == n;
}

struct WorkerPool::Start {
  WorkerPool *pool;
  int index;
  unsigned long seen;
};

WorkerPool::~WorkerPool() { resize(0); }

namespace {
// Spins until done() or `microseconds` have passed; true when done() came true.
template <class Done>
bool spinUntil(const Done &done, int microseconds) {
  if (microseconds <= 0) return done();
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(microseconds);
  for (;;) {
    for (int i = 0; i < 64; i++) {
      if (done()) return true;
      __builtin_ia32_pause();
    }
    if (std::chrono::steady_clock::now() >= until) return done();
  }
}
}  // namespace

bool WorkerPool::resize(int workers) {
  if (workers < this->workers()) {
    stopBelow_.store(workers);
    {
      std::lock_guard<std::mutex> lock(mutex_);
    }
    wake_.notify_all();
    for (size_t i = workers; i < threads_.size(); i++) pthread_join(threads_[i], nullptr);
    threads_.resize(workers);
    stopBelow_.store(1 << 30);
  }
  while (this->workers() < workers) {
    Start *start = new (std::nothrow) Start{this, this->workers(), generation_.load()};
    pthread_t thread;
    if (start == nullptr || pthread_create(&thread, nullptr, &WorkerPool::entry, start) != 0) {
      delete start;
      return false;
    }
    threads_.push_back(thread);
  }
  return true;
}

void *WorkerPool::entry(void *data) {
  const Start start = *static_cast<Start *>(data);
  delete static_cast<Start *>(data);
  start.pool->loop(start.index, start.seen);
  return nullptr;
}

// `seen`: the generation when the thread was made (by the caller, between runs), so a run that starts
// before this thread first looks is not missed. Ordering: run() writes job_, data_ and pending_, then
// publishes the run's count and parts in generation_ (seq_cst); a worker that sees it sees those writes.
// A worker about to sleep counts itself in sleepers_ first and re-checks under the mutex; run() reads
// sleepers_ after the bump and, when any, takes the mutex before notifying: no wake-up is lost.
void WorkerPool::loop(int index, unsigned long seen) {
  for (;;) {
    const auto news = [&] { return generation_.load() != seen || index >= stopBelow_.load(); };
    if (!spinUntil(news, spinBudget_.load(std::memory_order_relaxed))) {
      sleepers_.fetch_add(1);
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, news);
      sleepers_.fetch_sub(1);
    }
    if (index >= stopBelow_.load()) return;
    seen = generation_.load();
    if (index + 1 < static_cast<int>(seen & 0xFF)) {
      job_(data_, index + 1);
      if (pending_.fetch_sub(1) == 1 && callerAsleep_.load() > 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_one();
      }
    }
  }
}

void WorkerPool::run(int parts, Job job, void *data) {
  parts = std::min(parts, workers() + 1);
  if (parts <= 1) {
    job(data, 0);
    return;
  }
  job_ = job;
  data_ = data;
  pending_.store(parts - 1);
  generation_.store((((generation_.load() >> 8) + 1) << 8) | static_cast<unsigned long>(parts));
  if (sleepers_.load() > 0) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
    }
    wake_.notify_all();
  }
  job(data, 0);
  const auto finished = [&] { return pending_.load() == 0; };
  // The parts are about equal, so workers that have not finished within the budget after this thread
  // did were most likely not running. Now and then that is a moment's preemption (a garbage
  // collection's helper threads on a quiet machine); when it is most waits, another program holds
  // the cores and spinning would only take more from them. So the budget halves with each wait that
  // runs out while at least half of the last 16 did, down to sleeping at once, and is whole again
  // once at most 2 of the last 16 did. Spent, it is probed every probeEvery_ runs: a probe that ends
  // in time gives the whole budget back (a machine that is quiet again); each time the budget is
  // spent again the probes grow twice as rare (up to every 4096th run), and twice as frequent (down
  // to every 64th) after each 1024 runs it stayed unspent. Without this, the shrunken budget fed
  // itself on a quiet machine: the workers slept sooner, were late by their wake-up, and the waits
  // ran out.
  constexpr int STEP = SPIN_MICROSECONDS / 16;
  int budget = spinBudget_.load(std::memory_order_relaxed);
  const bool probe = budget == 0 && ++probes_ % probeEvery_ == 0;
  const bool inTime = spinUntil(finished, probe ? SPIN_MICROSECONDS : budget);
  history_ = ((history_ << 1) | (inTime ? 0u : 1u)) & 0xFFFFu;
  const int late = __builtin_popcount(history_);
  int next = budget;
  if (probe) {
    if (inTime) {
      next = SPIN_MICROSECONDS;
      history_ = 0;
    }
  } else if (!inTime && late >= 8 && budget > 0) {
    next = budget < 2 * STEP ? 0 : budget / 2;
    if (next == 0) {
      probeEvery_ = std::min(4096u, 2 * probeEvery_);
      probes_ = 0;
    }
  } else if (late <= 2) {
    next = SPIN_MICROSECONDS;
  }
  if (next > 0 && ++calm_ >= 1024) {
    calm_ = 0;
    probeEvery_ = std::max(64u, probeEvery_ / 2);
  }
  if (next == 0) calm_ = 0;
  if (next != budget) spinBudget_.store(next, std::memory_order_relaxed);
  if (inTime) return;
  callerAsleep_.fetch_add(1);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, finished);
  callerAsleep_.fetch_sub(1);
}

}  // namespace mlp
