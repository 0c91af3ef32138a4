/**
 * Turns WebAssembly relaxed SIMD on where the runtime has it behind a flag (Node 20's V8 11.3; later
 * Node versions ship it on). V8 reads the flag when it validates or compiles a module, and the flag is
 * process-wide, so this must run in the main thread before any relaxed module is compiled and before
 * worker threads start: workers created afterwards inherit it. NODE_OPTIONS and a worker's execArgv
 * refuse this flag, hence `v8.setFlagsFromString`. Importing this module does it; it has no other
 * effect and imports only the typed WebAssembly handle, so the CLI entry can import it first.
 */
import v8 from 'node:v8';
import { WebAssemblyJs } from './webassembly.js';

/** (v128, v128, v128) → v128 = f32x4.relaxed_madd(local 0, local 1, local 2): the smallest relaxed module. */
export const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

export interface RelaxedSimdState {
  /** Relaxed SIMD modules validate in this process now. */
  available: boolean;
  /** This module had to set the V8 flag for that. */
  flagSet: boolean;
}

function validates(bytes: Uint8Array): boolean {
  try {
    return WebAssemblyJs.validate(bytes);
  } catch {
    return false;
  }
}

let state: RelaxedSimdState | undefined;

/** Sets the flag if (and only if) relaxed SIMD does not validate without it. Idempotent. */
export function enableRelaxedSimd(): RelaxedSimdState {
  if (state === undefined) {
    if (validates(RELAXED_SIMD_PROBE)) {
      state = { available: true, flagSet: false };
    } else {
      try {
        v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
      } catch {
        // an unknown flag is ignored by V8; a throwing runtime simply has no relaxed SIMD
      }
      state = { available: validates(RELAXED_SIMD_PROBE), flagSet: true };
    }
  }
  return state;
}

enableRelaxedSimd();
