/**
 * The fast kernel sets, for tests that hold for every one of them: each set's tests run only where it
 * runs; elsewhere a skipped test says why, so the gap is visible in the output.
 */
import type { TestFn } from 'ava';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { kernelProvider } from '../../src/kernels/registry.js';
import type { Kernels } from '../../src/kernels/types.js';
import { createWasmKernels } from '../../src/kernels/wasm/kernels.js';

export interface FastSet {
  name: 'native' | 'wasm';
  /** A fresh set of this kind (as the registry's create('float32') gives). */
  create(): Kernels;
}

export const FAST_SETS: readonly FastSet[] = [
  { name: 'native', create: () => createNativeKernels() },
  { name: 'wasm', create: () => createWasmKernels() },
];

/** `test` where the set runs here; elsewhere a skipped test naming the reason, and a skipping `test`. */
export function fastSetTest(test: TestFn, name: FastSet['name'], subject: string): TestFn {
  const reason = kernelProvider(name).unavailableReason();
  if (reason === null) return test;
  test.skip(`${subject} tests are skipped: the ${name} set does not run here (${reason})`, () => {});
  return test.skip as unknown as TestFn;
}
