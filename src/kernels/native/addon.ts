/**
 * Finds and loads the `native` addon (native/, built by node-gyp during `npm install`) once per
 * thread, and asks it what this CPU can run. The addon is N-API and context-aware, so every worker
 * thread loads it at once; one build runs on Node 20, 22 and 24. Loading never fails the caller: a
 * missing build, an old CPU or MLP_SWEEP_NO_NATIVE=1 become a reason, and `auto` falls back to wasm.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOnce } from '../load-once.js';

/** What the addon's cpu() reports: CPUID and XGETBV, asked at run time. */
export interface NativeCpu {
  x86: boolean;
  /** AVX2, with the OS saving ymm state. */
  avx2: boolean;
  fma: boolean;
  /** AVX-512F, with the OS saving zmm state: the AVX-512F tiles may run (the autotune decides whether they do). */
  avx512f: boolean;
  compiler: string;
  /** CPUID's brand string, vendor and family / model / stepping: the tuning cache's key. */
  brand: string;
  vendor: string;
  family: number;
  model: number;
  stepping: number;
}

/** The tile, blocking and sparse threshold a context runs with (every choice gives the same bits). */
export interface NativeTuningChoice {
  /** 0 AVX2 6×16, 1 AVX-512F 12×32, 2 AVX-512F 6×64 (native/src/kernels.h). */
  tile: number;
  tileName: string;
  mr: number;
  nr: number;
  /** Reduction slice (a KC × NR micro-panel of B stays in L1). */
  kc: number;
  /** Rows of an A block (MC × KC stays in L2). */
  mc: number;
  /** A product takes the compressed-row path when at most this share of A is non-zero. */
  sparseDensity: number;
}

/** What the addon's autotune measured: the choice, and one log line per candidate. */
export interface NativeAutotune extends NativeTuningChoice {
  seconds: number;
  denseGflops: number;
  log: string[];
}

/** An opaque per-kernel-set handle: the packing scratch of one job, freed with it by the GC. */
export type NativeContext = { readonly __nativeContext: unique symbol };

/**
 * The addon's exports (native/src/addon.cc). Arrays are passed as they are and worked on in place.
 * gemm: C (m,n) = A (m,k) · B (k,n), A(i,p) = aT ? a[p·lda + i] : a[i·lda + p], B likewise.
 */
export interface NativeAddon {
  cpu(): NativeCpu;
  /** sparseDensity: take the sparse path when at most this share of A is non-zero (default 0.30). */
  createContext(sparseDensity?: number): NativeContext;
  /** The context's tile, blocking, sparse threshold and thread count. */
  tuning(ctx: NativeContext): NativeTuningChoice & { threads: number; sparseZmm: boolean };
  /** Sets any of them; threads split each product's columns (the same bits for any count). */
  configure(ctx: NativeContext, options: Partial<Pick<NativeTuningChoice, 'tile' | 'kc' | 'mc' | 'sparseDensity'>> & { threads?: number; sparseZmm?: 0 | 1 }): void;
  /** This core's clock (dependent integer adds) and FMA throughput per vector width (independent chains), measured. */
  peak(): { ghz: number; avx2Gflops: number; avx512Gflops: number };
  /** Measures the tiles, blocking and sparse threshold for this CPU, within about budgetSeconds. */
  autotune(budgetSeconds: number): NativeAutotune;
  gemm(ctx: NativeContext, c: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number, lda: number, aT: boolean, ldb: number, bT: boolean): void;
  /** The element-wise operations split their work over ctx's threads when it is given (the same bits). */
  biasAdd(z: Float32Array, bias: Float32Array, M: number, N: number, ctx?: NativeContext): void;
  biasRelu(h: Float32Array, bias: Float32Array, M: number, N: number, ctx?: NativeContext): void;
  reluBackward(dz: Float32Array, h: Float32Array, n: number, ctx?: NativeContext): void;
  columnSum(out: Float32Array, a: Float32Array, M: number, N: number): void;
  sgdUpdate(param: Float32Array, grad: Float32Array, lr: number, n: number, ctx?: NativeContext): void;
  softmaxCrossEntropy(dlogits: Float32Array | null, logits: Float32Array, labels: Int32Array, M: number, N: number, scale: number): { lossSum: number; correct: number };
  /** The reference set's float64 loops (layout 0 NN, 1 TN, 2 NT), for checks. */
  matmulF64(layout: 0 | 1 | 2, out: Float64Array, a: Float64Array, b: Float64Array, M: number, K: number, N: number): void;
  /** The examples order[start..start+rows) (or start.. without an order) as floats v/255 into x, and their labels. */
  gatherRows(x: Float32Array, labels: Int32Array, images: Uint8Array, imageLabels: Uint8Array, order: Int32Array | null, start: number, rows: number, features: number): void;
  /** A zero-filled array whose data starts on a 64-byte line. */
  allocate(length: number, ints: false): Float32Array;
  allocate(length: number, ints: true): Int32Array;
  /** Where a view's data starts within its 64-byte cache line (0 for `allocate`'s), for tests. */
  lineOffset(view: ArrayBufferView): number;
  /** The calling thread to Linux's SCHED_IDLE (runs only on a core nothing else wants); false where there is none. Not a kernel: the report process's. */
  idleThread(): boolean;
}

/** Set to 1 to make the native set unavailable (auto then picks wasm), e.g. to compare or to test the fallback. */
export const NO_NATIVE_ENV = 'MLP_SWEEP_NO_NATIVE';

/** native/ at the package root: this file runs from dist/src/kernels/native/. */
export const NATIVE_DIR = fileURLToPath(new URL('../../../../native/', import.meta.url));

/**
 * The addon this package loads, as node-gyp-build finds it: the local build (native/build/Release, made
 * by `npm install` where there is a compiler) first, else the prebuilt one the package ships for this
 * platform (native/prebuilds/<platform>-<arch>/); the local build's path when there is neither.
 */
export function addonPath(nativeDir: string = NATIVE_DIR): string {
  try {
    return (createRequire(import.meta.url)('node-gyp-build') as { path(dir: string): string }).path(nativeDir);
  } catch {
    return path.join(nativeDir, 'build', 'Release', 'mlp_sweep_native.node');
  }
}

/**
 * The loaded addon. Throws an Error whose message says why it cannot be used here (the env switch,
 * no build, a load failure, a CPU without AVX2 + FMA); remembered either way, so a failure costs once.
 */
export const loadNativeAddon: () => NativeAddon = loadOnce(load);

function load(): NativeAddon {
  if (process.env[NO_NATIVE_ENV] === '1') throw new Error(`${NO_NATIVE_ENV}=1 is set`);
  if (process.arch !== 'x64') throw new Error(`it is built for x86-64 (AVX2 + FMA) only, and this is ${process.arch}`);
  const file = addonPath();
  if (!existsSync(file)) {
    throw new Error(`the addon was not built (${file} is missing); \`npm run build-native\` builds it and says why not`);
  }
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(file) as NativeAddon;
  } catch (error) {
    throw new Error(`${file} did not load: ${(error as Error).message}`);
  }
  const cpu = addon.cpu();
  if (!cpu.avx2 || !cpu.fma) throw new Error(`this CPU (or OS) lacks ${[cpu.avx2 ? '' : 'AVX2', cpu.fma ? '' : 'FMA'].filter(Boolean).join(' and ')}`);
  return addon;
}

