/**
 * Kernel sets by name. `auto` picks the fastest set that loads here and passes its self-check;
 * the reference set is the oracle and always available. float64 runs only on the reference set
 * (the fast sets are float32 by design: float64 is for checks, not for speed).
 *
 * What is the same for every fast set lives here, once: the unavailable reason, computed once per thread
 * (its code's load error, or the self-check's failure), the self-check itself (./self-check.ts) and the
 * float32-only rule. A set's own folder gives only how to load it and how to make one (FastKernelSet).
 */
import type { KernelChoice, Precision } from '../core/settings.js';
import { KernelUnavailableError } from '../errors.js';
import { nativeSet } from './native/provider.js';
import { createReferenceKernels } from './reference.js';
import { selfCheck } from './self-check.js';
import type { FastKernelSet, KernelProvider, Kernels, KernelSetName } from './types.js';
import { wasmSet } from './wasm/provider.js';

const referenceProvider: KernelProvider = {
  name: 'reference',
  unavailableReason: () => null,
  create: (precision) => createReferenceKernels(precision),
};

/** A loader's error says why on its own; a wrapped one ("kernel set "x" is not available: why") is unwrapped. */
function why(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^kernel set "\w+"( \([^)]*\))? is not available: /, '');
}

/** The registry's provider of a fast set: loaded and self-checked once per thread, float32 only. */
export function fastProvider(set: FastKernelSet): KernelProvider {
  let reason: string | null | undefined;
  return {
    name: set.name,
    unavailableReason() {
      if (reason === undefined) {
        try {
          set.load();
          reason = selfCheck(set.create());
        } catch (error) {
          reason = why(error);
        }
      }
      return reason;
    },
    create(precision) {
      if (precision !== 'float32') {
        throw new KernelUnavailableError(`kernel set "${set.name}" has no ${precision} path`, {
          hint: 'use precision: float32, or kernels: reference for float64',
        });
      }
      return set.create();
    },
  };
}

/** Fastest first: `auto` takes the first one that is available. The reference set stays last. */
const providers: readonly KernelProvider[] = [fastProvider(nativeSet), fastProvider(wasmSet), referenceProvider];

export function kernelProviders(): readonly KernelProvider[] {
  return providers;
}

/** The provider of the set with this name. */
export function kernelProvider(name: KernelSetName): KernelProvider {
  const provider = providers.find((p) => p.name === name);
  if (!provider) throw new Error(`no kernel set is named ${name}`);
  return provider;
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
