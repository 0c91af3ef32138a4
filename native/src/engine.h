// One kernel set's product engine: the run-time choice of tile, blocking and sparse threshold (the
// Tuning, autotuned per CPU model by tune.cc and cached by the TypeScript side), the threads a job may
// use, and one packing scratch per thread.
//
// Threads split each product's columns of C (or its rows, when A comes transposed), never its
// reduction: every element is still one chain of fused multiply-adds in ascending order, computed
// whole by one thread, so the bits do not depend on the thread count (nor on the tile or the
// blocking, see gemm_driver.h).
#pragma once
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "kernels.h"

namespace mlp {

struct Tuning {
  Tile tile = Tile::avx2_6x16;
  Blocking blocking{256, 240};
  // A goes the compressed-row way when at most this share of it is non-zero (0: never, 1: always)
  double sparseDensity = SPARSE_DENSITY;
};

// Persistent workers for one engine: run(parts, job, data) calls job(data, 0) on the caller and
// job(data, 1 .. parts-1) on the workers, and returns when all are done. POSIX threads, since the addon
// is built without exceptions (a thread that cannot start is a false, not an abort).
//
// A training step hands the workers a dozen products and element-wise passes a few microseconds
// apart; waking a sleeping thread costs tens of microseconds (more in a virtual machine, where the
// idle vCPU has halted), so a worker that finished spins for up to SPIN_MICROSECONDS for the next
// part before it sleeps, and so does the caller waiting for the workers, as OpenMP runtimes do. On a
// machine busy with other programs the threads waited for are often not running, and spinning takes
// the core they need: there most of the caller's waits run out, and the budget shrinks to none
// (engine.cc). A wait that runs out now and then (a garbage collection's helper threads taking a
// core for a moment) does not shrink it.
// It never yields the core (sched_yield would hand it to any thread, the report thread at nice 19
// too, for a whole time slice). Only a job given several threads has workers at all, and the pool
// gives threads only to idle cores.
using Job = void (*)(void *data, int part);
constexpr int SPIN_MICROSECONDS = 200;
class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;
  ~WorkerPool();
  // false when a thread could not be started (the pool keeps the ones it has)
  bool resize(int workers);
  int workers() const { return static_cast<int>(threads_.size()); }
  void run(int parts, Job job, void *data);

 private:
  struct Start;
  static void *entry(void *start);
  void loop(int index, unsigned long seen);
  std::vector<pthread_t> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  // written by run() before it publishes a new generation; read only by the workers that take part,
  // which run() waits for, so they cannot change under them
  Job job_ = nullptr;
  void *data_ = nullptr;
  // (run count << 8) | parts: a worker reads the parts of the very run it saw, even a late one
  std::atomic<unsigned long> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<int> stopBelow_{1 << 30};  // workers with index ≥ stopBelow_ exit
  // threads asleep on wake_ (workers) and on done_ (the caller): a notify is needed only then
  std::atomic<int> sleepers_{0}, callerAsleep_{0};
  // microseconds a wait spins before it sleeps, shrunk by the caller's waits that run out (run())
  std::atomic<int> spinBudget_{SPIN_MICROSECONDS};
  // the caller's only: its last 16 waits (a bit set for each that ran out), runs since the budget ran
  // out, the runs between two probes of a spent budget, and runs since the budget was last spent
  unsigned history_ = 0, probes_ = 0, probeEvery_ = 64, calm_ = 0;
};

struct Engine {
  Tuning tuning;
  // the compressed-row path's passes in zmm registers (by default where the CPU has AVX-512F; the
  // same bits as in ymm)
  bool sparseZmm;
  int threads = 1;
  std::vector<std::unique_ptr<Scratch>> scratch{};  // [0] the caller's, then one per worker
  WorkerPool pool;
  Engine();
  // false when memory or threads ran out (the engine keeps what it has)
  bool setThreads(int n);
};

// C (m,n) = A (m,k) · B (k,n) on the engine's tile, blocking and threads. False only when scratch
// memory could not be had. Needs AVX2 + FMA (and AVX-512F for an avx512 tile).
bool gemm(Engine &e, const GemmArgs &g);

// Products with fewer flops than this (~20 µs of work) stay on one thread: the handoff to a spinning
// worker (about a microsecond) and the halves' cache traffic cost more than the split saves. The
// output layer's products of the study (4 MFLOP) are split.
constexpr double THREAD_MIN_FLOP = 4e6;
// Element-wise operations over fewer elements than this stay on one thread: below it a split costs more
// than it saves (the halves of a 200 × 1024 ReLU lie in the other core's cache after a column split).
constexpr size_t THREAD_MIN_ELEMENTS = 1 << 18;

// f(begin, end) over [0, n) split in ranges of whole `grain`s, one per thread (all on the caller when
// n < minWork or the engine has one thread). For element-wise work, whose elements are independent:
// the same bits whatever the split.
template <class F>
void parallelRanges(Engine &e, size_t n, size_t grain, size_t minWork, const F &f) {
  size_t parts = 1;
  if (e.threads > 1 && n >= minWork) parts = std::min<size_t>(e.threads, (n + grain - 1) / grain);
  if (parts <= 1) {
    f(size_t{0}, n);
    return;
  }
  const size_t chunk = ((n + parts - 1) / parts + grain - 1) / grain * grain;
  parts = (n + chunk - 1) / chunk;
  struct Ranges {
    const F *f;
    size_t n, chunk;
  } ranges{&f, n, chunk};
  e.pool.run(static_cast<int>(parts), [](void *data, int i) {
    const Ranges &r = *static_cast<const Ranges *>(data);
    const size_t begin = static_cast<size_t>(i) * r.chunk;
    (*r.f)(begin, std::min(r.n, begin + r.chunk));
  }, &ranges);
}

}  // namespace mlp
