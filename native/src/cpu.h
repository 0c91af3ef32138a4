// What this CPU and OS can run, asked at run time (CPUID and XGETBV through the compiler's
// __builtin_cpu_supports), never assumed from the machine that built the addon.
#pragma once
#include <string>

namespace mlp {

struct CpuFeatures {
  bool x86;      // compiled for x86-64 at all
  bool avx2;     // and the OS saves ymm state
  bool fma;
  bool avx512f;  // and the OS saves zmm state: the AVX-512F tiles may run
  // the CPUID brand string, vendor and family / model / stepping: what the tuning cache is keyed by
  std::string brand, vendor;
  int family = 0, model = 0, stepping = 0;
};

CpuFeatures cpuFeatures();

}  // namespace mlp
