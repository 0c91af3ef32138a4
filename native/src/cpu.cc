// Run-time CPU detection. Compiled for the baseline x86-64, so loading the addon is safe on any
// x86-64 CPU; the AVX2 code is only called after these flags allow it. GCC's and clang's
// __builtin_cpu_supports report avx2 / avx512f only when XGETBV shows the OS saves that register state.
#include "cpu.h"

namespace mlp {

CpuFeatures cpuFeatures() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  return {true, __builtin_cpu_supports("avx2") != 0, __builtin_cpu_supports("fma") != 0,
          __builtin_cpu_supports("avx512f") != 0};
#else
  return {false, false, false, false};
#endif
}

}  // namespace mlp
