// The packing scratch of one kernel set (see kernels.h): 64-byte aligned blocks, grown on demand and
// never shrunk, freed with the set.
#include <stdlib.h>

#include <cstdlib>

#include "kernels.h"

namespace mlp {

Scratch::~Scratch() {
  std::free(packA);
  std::free(packB);
  std::free(live);
  std::free(rows);
  std::free(rowPtr);
  std::free(narrow);
  std::free(spStart);
  std::free(spIndex);
  std::free(spValue);
  std::free(spTransposed);
}

namespace {
template <class T>
bool grow(T *&buffer, size_t &have, size_t want) {
  if (want <= have) return true;
  // exactly the bytes asked for, no slack: a memory checker then sees any access past the end
  void *fresh = nullptr;
  if (posix_memalign(&fresh, 64, want * sizeof(T)) != 0) return false;
  std::free(buffer);
  buffer = static_cast<T *>(fresh);
  have = want;
  return true;
}
}  // namespace

bool Scratch::reserve(size_t aFloats, size_t bFloats, size_t liveN, size_t rowsN, size_t rowPtrN) {
  return grow(packA, packAFloats, aFloats) && grow(packB, packBFloats, bFloats) && grow(live, liveCount, liveN) &&
         grow(rows, rowsCount, rowsN) && grow(rowPtr, rowPtrCount, rowPtrN);
}

bool Scratch::reserveNarrow(size_t floats) { return grow(narrow, narrowFloats, floats); }

bool Scratch::reserveSparse(size_t starts, size_t nonZeros, size_t transposed) {
  return grow(spStart, spStartCount, starts) && grow(spTransposed, spTransposedCount, transposed) && grow(spIndex, spIndexCount, nonZeros) &&
         grow(spValue, spValueCount, nonZeros);
}

}  // namespace mlp
