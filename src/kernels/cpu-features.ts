/**
 * What this machine and this runtime offer the kernel sets: the CPU (model and the few flags that
 * matter for float32 throughput, from /proc/cpuinfo where it exists) and the WebAssembly features,
 * each detected by validating a tiny module rather than assumed from a version number.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { RELAXED_SIMD_PROBE, enableRelaxedSimd } from './wasm/relaxed-simd-flag.js';
import { WebAssemblyJs } from './wasm/webassembly.js';

/** The CPU flags that tell what a float32 kernel can use (x86 names; other architectures report none). */
export const CPU_FLAGS_OF_INTEREST = ['sse4_1', 'avx', 'avx2', 'fma', 'avx512f'] as const;

export interface CpuInfo {
  model: string;
  logicalCores: number;
  arch: string;
  /** The flags of CPU_FLAGS_OF_INTEREST this CPU has; null when /proc/cpuinfo could not be read. */
  flags: string[] | null;
}

export interface WasmFeatures {
  /** Fixed-width SIMD (128-bit): required by the wasm kernel set. */
  simd: boolean;
  /** Relaxed SIMD (f32x4.relaxed_madd): the fused multiply-add variant. */
  relaxedSimd: boolean;
  /** Shared WebAssembly memories (their buffers survive memory.grow): required by the wasm kernel set. */
  sharedMemory: boolean;
}

export function cpuInfo(): CpuInfo {
  const cpus = os.cpus();
  let flags: string[] | null = null;
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(text);
    const present = new Set((line?.[1] ?? '').split(/\s+/));
    flags = CPU_FLAGS_OF_INTEREST.filter((flag) => present.has(flag));
  } catch {
    // not Linux, or /proc not mounted: report the flags as unknown rather than absent
  }
  return { model: cpus[0]?.model.trim() ?? 'unknown', logicalCores: cpus.length, arch: process.arch, flags };
}

/** (v128, v128, v128) → v128 = f32x4.add(local 0, local 1): the smallest SIMD module. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0xe4, 0x01, 0x0b,
]);

function validates(bytes: Uint8Array): boolean {
  try {
    return WebAssemblyJs.validate(bytes);
  } catch {
    return false;
  }
}

function sharedMemoryWorks(): boolean {
  try {
    const memory = new WebAssemblyJs.Memory({ initial: 1, maximum: 2, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

let features: WasmFeatures | undefined;

/** The WebAssembly features of this runtime, after turning relaxed SIMD on where a flag can. Cached. */
export function wasmFeatures(): WasmFeatures {
  if (features === undefined) {
    features = {
      simd: validates(SIMD_PROBE),
      relaxedSimd: enableRelaxedSimd().available && validates(RELAXED_SIMD_PROBE),
      sharedMemory: sharedMemoryWorks(),
    };
  }
  return features;
}
