// The autotune: a short measurement, at first use on a CPU model, of the tiles this CPU can run and
// of the blocking and sparse-path threshold that suit it (as ATLAS and OpenBLAS tune for the machine
// at hand instead of shipping one machine's constants). The TypeScript side caches the result per CPU
// model (src/kernels/native/tuning.ts), and `doctor` shows it. Every choice gives the same bits.
#pragma once
#include <string>
#include <vector>

#include "engine.h"

namespace mlp {

struct TuneResult {
  Tuning tuning;
  double seconds = 0;              // how long the tune took
  double denseGflops = 0;          // the chosen tile and blocking on the dense probe products
  std::vector<std::string> log{};  // one line per candidate measured
};

// This core's measured peak: the clock (a chain of dependent integer adds, one a cycle) and the
// FMA throughput of each vector width (independent chains), best of a few short runs.
struct Peak {
  double ghz = 0, avx2Gflops = 0, avx512Gflops = 0;
};
Peak measurePeak(bool avx512);

// budgetSeconds bounds the whole measurement (each stage stops early past its share)
TuneResult autotune(bool avx512, double budgetSeconds);

}  // namespace mlp
