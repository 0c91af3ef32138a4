// What this CPU and OS can run, asked at run time (CPUID and XGETBV through the compiler's
// __builtin_cpu_supports), never assumed from the machine that built the addon.
#pragma once

namespace mlp {

struct CpuFeatures {
  bool x86;      // compiled for x86-64 at all
  bool avx2;     // and the OS saves ymm state
  bool fma;
  bool avx512f;  // reported by doctor; no build uses it
};

CpuFeatures cpuFeatures();

}  // namespace mlp
