/**
 * The native set's tuning for the CPU at hand: which register tile (AVX2 6×16, or an AVX-512F one),
 * which blocking (KC, MC) and which sparse-path threshold. The addon measures them (its autotune,
 * native/src/tune.cc, ~0.5 s) the first time a CPU model is seen, and the result is cached per CPU
 * model in ~/.cache/mlp-sweep/native-tuning.json (MLP_SWEEP_CACHE_DIR overrides the folder), as ATLAS
 * and OpenBLAS tune for the machine at hand instead of shipping one machine's constants. Every choice
 * gives the same bits (each element of C is the same chain of fused multiply-adds whatever the tile),
 * so the tuning changes speed only. `doctor` shows it.
 *
 *   MLP_SWEEP_NATIVE_TUNING=default   use the built-in defaults (AVX2 6×16, KC 256, MC 240, 30%), no tune
 *   MLP_SWEEP_NATIVE_TUNING=retune    measure again and replace the cached entry
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NativeAddon, NativeCpu, NativeTuningChoice } from './addon.js';

export const TUNING_ENV = 'MLP_SWEEP_NATIVE_TUNING';
export const CACHE_DIR_ENV = 'MLP_SWEEP_CACHE_DIR';
/**
 * Bump when the tiles, the probes or the meaning of a field change: older entries are then measured
 * again (2: the compressed-row path's zmm passes and the 64% hidden-layer probe moved its threshold).
 */
const TUNING_VERSION = 2;
/** The autotune's time budget, seconds. */
const TUNE_BUDGET = 0.6;

export const DEFAULT_TUNING: NativeTuningChoice = { tile: 0, tileName: 'AVX2 6×16', mr: 6, nr: 16, kc: 256, mc: 240, sparseDensity: 0.3 };

export interface NativeTuning {
  choice: NativeTuningChoice;
  /** Where it came from, for `doctor`. */
  source: 'cache' | 'measured' | 'default';
  /** The CPU model it is for. */
  cpu: string;
  /** The cache file, and why it could not be read or written (null when it could). */
  file: string;
  fileProblem: string | null;
  /** The autotune's log and figures (from the cache or just measured); empty for the defaults. */
  log: string[];
  denseGflops: number | null;
  tuneSeconds: number | null;
  measuredAt: string | null;
}

interface CacheEntry {
  version: number;
  choice: NativeTuningChoice;
  log: string[];
  denseGflops: number;
  tuneSeconds: number;
  measuredAt: string;
}

/** The cache key: the CPU model as CPUID names it, and whether AVX-512F may run. */
export function cpuKey(cpu: NativeCpu): string {
  return `${cpu.vendor} ${cpu.brand} (family ${cpu.family} model ${cpu.model} stepping ${cpu.stepping}${cpu.avx512f ? ', AVX-512F' : ''})`;
}

export function tuningCacheFile(): string {
  return path.join(process.env[CACHE_DIR_ENV] ?? path.join(os.homedir(), '.cache', 'mlp-sweep'), 'native-tuning.json');
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}

function usable(entry: CacheEntry | undefined, cpu: NativeCpu): entry is CacheEntry {
  const c = entry?.choice;
  return (
    entry?.version === TUNING_VERSION &&
    c !== undefined &&
    [0, 1, 2].includes(c.tile) &&
    (c.tile === 0 || cpu.avx512f) &&
    Number.isInteger(c.kc) && c.kc >= 8 && c.kc <= 4096 &&
    Number.isInteger(c.mc) && c.mc >= 1 && c.mc <= 4096 &&
    typeof c.sparseDensity === 'number' && c.sparseDensity >= 0 && c.sparseDensity <= 1
  );
}

let cached: NativeTuning | undefined;

/** This CPU's tuning: cached, else measured now (and cached), once per thread. */
export function nativeTuning(addon: NativeAddon): NativeTuning {
  if (cached !== undefined) return cached;
  const cpu = addon.cpu();
  const key = cpuKey(cpu);
  const file = tuningCacheFile();
  const mode = process.env[TUNING_ENV];
  const base = { cpu: key, file, fileProblem: null, log: [], denseGflops: null, tuneSeconds: null, measuredAt: null };
  if (mode === 'default') {
    cached = { ...base, choice: DEFAULT_TUNING, source: 'default' };
    return cached;
  }
  const cache = readCache(file);
  const entry = cache[key];
  if (mode !== 'retune' && usable(entry, cpu)) {
    cached = { ...base, choice: entry.choice, source: 'cache', log: entry.log, denseGflops: entry.denseGflops, tuneSeconds: entry.tuneSeconds, measuredAt: entry.measuredAt };
    return cached;
  }
  const tuned = addon.autotune(TUNE_BUDGET);
  const { seconds, denseGflops, log, ...choice } = tuned;
  const fresh: CacheEntry = { version: TUNING_VERSION, choice, log, denseGflops, tuneSeconds: seconds, measuredAt: new Date().toISOString() };
  let fileProblem: string | null = null;
  try {
    // read again just before writing, so a tune finished meanwhile (another worker) keeps its entry
    const latest = { ...readCache(file), [key]: fresh };
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(latest, null, 2)}\n`);
    renameSync(temporary, file);
  } catch (error) {
    fileProblem = `could not write the tuning cache: ${(error as Error).message}`;
  }
  cached = { ...base, choice, source: 'measured', fileProblem, log, denseGflops, tuneSeconds: seconds, measuredAt: fresh.measuredAt };
  return cached;
}
