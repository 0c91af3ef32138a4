/**
 * The `native` entry of the kernel registry, ahead of wasm. It is available when the addon loads here,
 * the CPU has AVX2 + FMA (asked at run time) and MLP_SWEEP_NO_NATIVE is not 1 (see ./addon.ts), and the
 * registry's self-check passes.
 */
import type { FastKernelSet } from '../types.js';
import { loadNativeAddon } from './addon.js';
import { createNativeKernels } from './kernels.js';

export const nativeSet: FastKernelSet = {
  name: 'native',
  load: () => void loadNativeAddon(),
  create: () => createNativeKernels(),
};
