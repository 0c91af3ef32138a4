/**
 * Finds and compiles the kernel module once per process, in the variant this runtime can run: the
 * relaxed-SIMD build (fused multiply-add where the CPU has it) when relaxed SIMD validates, else the
 * plain SIMD128 build. Both are compiled by `npm run build` from assembly/ into build/.
 * Whether relaxed_madd is really fused here is measured, not assumed: see `probeFusedMadd`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wasmFeatures } from '../cpu-features.js';
import { loadOnce, type Loader } from '../load-once.js';
import { enableRelaxedSimd } from './relaxed-simd-flag.js';
import { WebAssemblyJs, type WasmMemory, type WasmModule } from './webassembly.js';

/** `relaxed`: f32x4.relaxed_madd in the micro-kernel; `simd`: f32x4.mul then f32x4.add. */
export type WasmVariant = 'relaxed' | 'simd';

/** The pages the module declares as its memory's maximum (asc --maximumMemory): all of wasm32's 4 GiB. */
export const MAX_PAGES = 65536;
export const PAGE_BYTES = 65536;

/** The exports of assembly/index.ts. Pointers are byte offsets into the set's memory. */
export interface KernelExports {
  gemm(c: number, a: number, b: number, m: number, n: number, k: number, lda: number, aT: number, ldb: number, bT: number): void;
  gemmScratchBytes(): number;
  /** (rows << 8) | columns of the micro-kernel's register tile */
  gemmTile(): number;
  setGemmScratch(ptr: number): void;
  maddProbe(a: number, b: number, c: number): number;
  biasAdd(z: number, bias: number, M: number, N: number): void;
  biasRelu(h: number, bias: number, M: number, N: number): void;
  reluBackward(dz: number, h: number, n: number): void;
  columnSum(out: number, a: number, M: number, N: number): void;
  sgdUpdate(param: number, grad: number, lr: number, n: number): void;
  softmaxCrossEntropy(dlogits: number, logits: number, labels: number, M: number, N: number, scale: number): number;
  softmaxCorrect(): number;
  heapBase(): number;
}

export interface KernelModule {
  readonly variant: WasmVariant;
  readonly module: WasmModule;
  /** relaxed_madd rounds once here (x86 FMA3, Arm); false for the plain build or an unfused runtime. */
  readonly fusedMadd: boolean;
  /** The micro-kernel's register tile, rows × columns of C, e.g. "5×8". */
  readonly tile: string;
  /** Why the relaxed build is not the one in use, or null when it is. */
  readonly relaxedUnavailable: string | null;
}

/** build/ at the package root: this file runs from dist/src/kernels/wasm/. */
export function wasmPath(variant: WasmVariant): string {
  return fileURLToPath(new URL(`../../../../build/kernels-${variant}.wasm`, import.meta.url));
}

/** A fresh instance of `module` on `memory`, with its typed exports. */
export function instantiate(module: WasmModule, memory: WasmMemory): KernelExports {
  const instance = new WebAssemblyJs.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

/**
 * What a build does here, asked of a throwaway instance: its register tile, and whether its madd is
 * fused. The probe is a·b + c with a = b = 1 + 2⁻¹², c = −(1 + 2⁻¹¹): the exact product is
 * 1 + 2⁻¹¹ + 2⁻²⁴, whose 2⁻²⁴ a float32 multiply rounds away (a tie, to even) and a fused
 * multiply-add keeps.
 */
function inspect(module: WasmModule): { tile: string; fusedMadd: boolean } {
  const memory = new WebAssemblyJs.Memory({ initial: 1, maximum: 1, shared: true });
  const probe = instantiate(module, memory);
  const a = 1 + 2 ** -12;
  const tile = probe.gemmTile();
  return { tile: `${tile >> 8}×${tile & 0xff}`, fusedMadd: probe.maddProbe(a, a, -(1 + 2 ** -11)) === 2 ** -24 };
}

function compile(variant: WasmVariant): WasmModule {
  const path = wasmPath(variant);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`${path} is missing (${(error as NodeJS.ErrnoException).code ?? error}); run \`npm run build\``);
  }
  return new WebAssemblyJs.Module(bytes);
}

const loaders = new Map<string, Loader<KernelModule>>();

/**
 * The compiled module of `variant` (`auto`: relaxed when it runs here, else simd). Throws an Error
 * whose message says why a variant cannot run; remembered either way, so a failure costs once.
 */
export function loadKernelModule(variant: WasmVariant | 'auto' = 'auto'): KernelModule {
  let loader = loaders.get(variant);
  if (loader === undefined) {
    loader = loadOnce(() => load(variant));
    loaders.set(variant, loader);
  }
  return loader();
}

function load(variant: WasmVariant | 'auto'): KernelModule {
  enableRelaxedSimd();
  const features = wasmFeatures();
  if (!features.simd) throw new Error('this runtime has no WebAssembly SIMD128');
  if (!features.sharedMemory) throw new Error('this runtime cannot create shared WebAssembly memories');
  let relaxedUnavailable: string | null = features.relaxedSimd ? null : 'this runtime has no WebAssembly relaxed SIMD';
  if (variant === 'relaxed' && relaxedUnavailable) throw new Error(relaxedUnavailable);
  if (variant !== 'simd' && relaxedUnavailable === null) {
    try {
      const module = compile('relaxed');
      return { variant: 'relaxed', module, ...inspect(module), relaxedUnavailable };
    } catch (error) {
      if (variant === 'relaxed') throw error;
      relaxedUnavailable = `the relaxed SIMD build did not load: ${(error as Error).message}`;
    }
  }
  if (variant === 'simd') relaxedUnavailable = 'the plain SIMD128 build was asked for';
  const module = compile('simd');
  return { variant: 'simd', module, ...inspect(module), relaxedUnavailable };
}
