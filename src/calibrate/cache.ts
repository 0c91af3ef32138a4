/**
 * Calibrations are kept per machine, so only the first `plan` of a shape measures: a JSON file in the
 * user's cache folder ($MLP_SWEEP_CACHE_DIR, else $XDG_CACHE_HOME/mlp-sweep, else ~/.cache/mlp-sweep),
 * keyed by shape, and dropped whole when the machine (CPU, cores, Node) is not the one that measured it.
 * A cache that cannot be read or written only means measuring again.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { ShapeRates } from './shape.js';

export const CALIBRATION_FILE = 'calibration.json';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MLP_SWEEP_CACHE_DIR) return env.MLP_SWEEP_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'mlp-sweep');
}

/** What makes a measurement valid: the same CPU model and count, the same Node (its V8 compiles the wasm). */
export function machineKey(): string {
  const list = cpus();
  return `${list[0]?.model ?? 'unknown cpu'} x${list.length}, ${process.platform}-${process.arch}, node ${process.version}`;
}

interface CacheFile {
  machine: string;
  gflops: Record<string, ShapeRates>;
}

const positive = (x: unknown): boolean => typeof x === 'number' && x > 0 && Number.isFinite(x);

export function readCalibrations(dir = cacheDir()): Map<string, ShapeRates> {
  try {
    const file = JSON.parse(readFileSync(path.join(dir, CALIBRATION_FILE), 'utf8')) as CacheFile;
    if (file.machine !== machineKey()) return new Map();
    return new Map(Object.entries(file.gflops).filter(([, v]) => positive(v?.train) && positive(v?.evaluate)));
  } catch {
    return new Map();
  }
}

export async function writeCalibrations(rates: ReadonlyMap<string, ShapeRates>, dir = cacheDir()): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    const file: CacheFile = { machine: machineKey(), gflops: Object.fromEntries([...rates].sort()) };
    await writeFileAtomic(path.join(dir, CALIBRATION_FILE), `${JSON.stringify(file, null, 1)}\n`);
  } catch {
    // a read-only home: the next plan measures again
  }
}
