/**
 * The float32 kernel module: what the host (src/kernels/wasm/) instantiates once per kernel set, with
 * a shared memory of its own that it imports. The host owns that memory's layout: it allocates every
 * array, and the scratch these kernels pack into, above `heapBase()`. This side sees only byte offsets,
 * sizes and flags; the host has checked them before any call.
 */
export { gemmScratchBytes, gemmTile, setGemmScratch } from './blocking';
export { gemm, maddProbe } from './gemm';
export {
  biasAdd,
  biasRelu,
  reluBackward,
  columnSum,
  sgdUpdate,
  softmaxCrossEntropy,
  softmaxCorrect,
} from './elementwise';

/** The first byte above this module's static data: where the host may start allocating. */
export function heapBase(): usize {
  return __heap_base;
}
