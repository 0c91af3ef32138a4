#!/usr/bin/env bash
# Memory check of the native kernels (native/check/memory.cc): every product path and element-wise
# operation over the contract shapes, each operand an exact-size heap block, built twice and run
#   1. with AddressSanitizer + UndefinedBehaviorSanitizer (-O1), all shapes;
#   2. under valgrind's memcheck (-O2, the addon's flags), the ragged shapes (valgrind is ~50× slower).
# Exits non-zero on any report. Needs g++ and valgrind (apt-get install -y valgrind).
set -euo pipefail
cd "$(dirname "$0")/../native"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sources=(check/memory.cc src/avx2.cc src/elementwise.cc src/float64.cc src/scratch.cc src/engine.cc src/cpu.cc)
common=(-std=c++17 -g -mavx2 -mfma -ffp-contract=off -fno-math-errno -Wall -pthread)
# the AVX-512F tiles are compiled on their own with -mavx512f, as in native/binding.gyp, so nothing
# else may use zmm registers; memory.cc runs them only when the CPU has AVX-512F
avx512() { g++ "${common[@]}" -mavx512f -c src/avx512.cc -o "$out/avx512-$1.o" "${@:2}"; }
# (valgrind's CPU has no AVX-512F, so under it only the AVX2 tile runs)

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
asan=(-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
avx512 asan "${asan[@]}"
g++ "${common[@]}" "${asan[@]}" "${sources[@]}" "$out/avx512-asan.o" -o "$out/memory-asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "$out/memory-asan"

echo "== valgrind memcheck"
avx512 plain -O2
g++ "${common[@]}" -O2 "${sources[@]}" "$out/avx512-plain.o" -o "$out/memory"
valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$out/memory" quick 2>&1 |
  grep -E "^==[0-9]+== (ERROR SUMMARY|All heap|definitely|Invalid|Conditional)|checked"
