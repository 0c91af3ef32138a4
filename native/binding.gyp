# The `native` kernel set's addon, built by scripts/build-native.mjs (npm install) with node-gyp.
# Three pieces, so each instruction set is compiled only where it is used: the N-API glue, the CPU
# detection, the engine (path choice, threads, autotune) and the float64 check products for baseline
# x86-64 (safe to load on any x86-64 CPU); the AVX2 + FMA kernels, called only after the CPU was seen
# to have both at run time (src/cpu.cc); and the AVX-512F tiles, called only when the CPU has AVX-512F
# and the autotune found them faster here (on an AMD EPYC that executes 512-bit FMAs on 256-bit units
# they were slower; on an Intel Xeon with two 512-bit FMA units they are not). Same bits either way.
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
      "target_name": "kernels_avx512",
      "type": "static_library",
      "sources": ["src/avx512.cc"],
      "cflags_cc": ["-mavx512f", "-mavx2", "-mfma"]
    },
    {
      "target_name": "mlp_sweep_native",
      "sources": ["src/addon.cc", "src/cpu.cc", "src/scratch.cc", "src/float64.cc", "src/engine.cc", "src/tune.cc"],
      "dependencies": ["kernels_avx2", "kernels_avx512"],
      "cflags_cc": ["-pthread"],
      "libraries": ["-pthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
