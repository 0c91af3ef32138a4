// Run-time CPU detection. Compiled for the baseline x86-64, so loading the addon is safe on any
// x86-64 CPU; the AVX2 code is only called after these flags allow it. GCC's and clang's
// __builtin_cpu_supports report avx2 / avx512f only when XGETBV shows the OS saves that register state.
#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>

#include <cstring>
#endif

namespace mlp {

CpuFeatures cpuFeatures() {
  CpuFeatures f{false, false, false, false};
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  f.x86 = true;
  f.avx2 = __builtin_cpu_supports("avx2") != 0;
  f.fma = __builtin_cpu_supports("fma") != 0;
  f.avx512f = __builtin_cpu_supports("avx512f") != 0;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0, &a, &b, &c, &d)) {
    char vendor[13] = {0};
    std::memcpy(vendor, &b, 4);
    std::memcpy(vendor + 4, &d, 4);
    std::memcpy(vendor + 8, &c, 4);
    f.vendor = vendor;
  }
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    const int base = (a >> 8) & 0xf, ext = (a >> 20) & 0xff;
    f.family = base == 0xf ? base + ext : base;
    f.model = ((a >> 4) & 0xf) | ((base == 0x6 || base == 0xf) ? ((a >> 16) & 0xf) << 4 : 0);
    f.stepping = a & 0xf;
  }
  unsigned top = __get_cpuid_max(0x80000000, nullptr);
  if (top >= 0x80000004) {
    char brand[49] = {0};
    for (unsigned leaf = 0; leaf < 3; leaf++) {
      __get_cpuid(0x80000002 + leaf, &a, &b, &c, &d);
      std::memcpy(brand + 16 * leaf, &a, 4);
      std::memcpy(brand + 16 * leaf + 4, &b, 4);
      std::memcpy(brand + 16 * leaf + 8, &c, 4);
      std::memcpy(brand + 16 * leaf + 12, &d, 4);
    }
    std::string s = brand;
    const size_t first = s.find_first_not_of(' '), last = s.find_last_not_of(' ');
    f.brand = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  }
#endif
  return f;
}

}  // namespace mlp
