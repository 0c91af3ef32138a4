/**
 * Kernel sets by name. `auto` picks the fastest set that loads here and passes its self-check;
 * the reference set is the oracle and always available. float64 runs only on the reference set
 * (the fast sets are float32 by design: float64 is for checks, not for speed).
 */
import type { KernelChoice, Precision } from '../core/settings.js';
import { KernelUnavailableError } from '../errors.js';
import { createReferenceKernels } from './reference.js';
import { nativeProvider } from './native/provider.js';
import type { Kernels, KernelSetName } from './types.js';
import { wasmProvider } from './wasm/provider.js';

export interface KernelProvider {
  readonly name: KernelSetName;
  /** Why this set cannot run here, or null when it can. Cheap after the first call. */
  unavailableReason(): string | null;
  create(precision: Precision): Kernels;
}

const referenceProvider: KernelProvider = {
  name: 'reference',
  unavailableReason: () => null,
  create: (precision) => createReferenceKernels(precision),
};

/** Fastest first: `auto` takes the first one that is available. The reference set stays last. */
const providers: readonly KernelProvider[] = [nativeProvider, wasmProvider, referenceProvider];

export function kernelProviders(): readonly KernelProvider[] {
  return providers;
}

/** The kernel set a run with these settings uses. Throws KernelUnavailableError when a named set cannot run. */
export function createKernels(choice: KernelChoice, precision: Precision): Kernels {
  if (precision === 'float64') {
    if (choice !== 'auto' && choice !== 'reference') {
      throw new KernelUnavailableError(`kernel set "${choice}" has no float64 path`, {
        hint: 'use precision: float32, or kernels: reference (or auto) for float64',
      });
    }
    return referenceProvider.create('float64');
  }
  if (choice === 'auto') {
    const provider = providers.find((p) => p.unavailableReason() === null) ?? referenceProvider;
    return provider.create(precision);
  }
  const provider = providers.find((p) => p.name === choice);
  const reason = provider ? provider.unavailableReason() : 'it is not built into this installation';
  if (!provider || reason !== null) {
    throw new KernelUnavailableError(`kernel set "${choice}" is not available: ${reason}`, {
      hint: 'use kernels: auto to fall back to the fastest set that runs here; `mlp-sweep doctor` says why',
    });
  }
  return provider.create(precision);
}
