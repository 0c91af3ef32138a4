# The `native` kernel set's addon, built by scripts/build-native.mjs (npm install) with node-gyp.
# Two pieces, so AVX2 is compiled only where it is used: the N-API glue, the CPU detection and the
# float64 check products for baseline x86-64 (safe to load on any x86-64 CPU), and the AVX2 + FMA
# kernels, called only after the CPU was seen to have both at run time (src/cpu.cc).
# No AVX-512 build: on this project's machine (AMD EPYC, 512-bit FMAs on 256-bit units) a 12 × 32
# AVX-512 tile measured ~80 GFLOP/s over a training step's products against ~91 for AVX2.
# -ffp-contract=off everywhere: the element-wise operations must give the reference set's bits, and
# GCC would otherwise fuse a vector multiply and add; the products use explicit FMA intrinsics.
{
  "target_defaults": {
    "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-ffp-contract=off", "-fno-math-errno"],
    "cflags_cc!": ["-std=gnu++17", "-O2"],
    "cflags": ["-O3", "-fPIC", "-ffp-contract=off"],
    "cflags!": ["-O2"]
  },
  "targets": [
    {
      "target_name": "kernels_avx2",
      "type": "static_library",
      "sources": ["src/avx2.cc", "src/elementwise.cc"],
      "cflags_cc": ["-mavx2", "-mfma"]
    },
    {
      "target_name": "mlp_sweep_native",
      "sources": ["src/addon.cc", "src/cpu.cc", "src/scratch.cc", "src/float64.cc"],
      "dependencies": ["kernels_avx2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
