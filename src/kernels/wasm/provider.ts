/** The `wasm` entry of the kernel registry: available when the module loads here (and passes the registry's self-check). */
import type { FastKernelSet } from '../types.js';
import { createWasmKernels } from './kernels.js';
import { loadKernelModule } from './module.js';

export const wasmSet: FastKernelSet = {
  name: 'wasm',
  load: () => void loadKernelModule('auto'),
  create: () => createWasmKernels(),
};
