/**
 * The sampler's stream: counter-based, so the number for (seed, trial, setting) is computed from those three
 * alone, with no state carried from one trial to the next. Raising `trials: 24` to `48` leaves the first 24
 * trials bit for bit as they were, and adding a setting to the space leaves the others' values alone.
 *
 * The number is the first 53 bits of SHA-256 over `mlp-sweep/search/v1`, the seed, the trial index and the
 * setting's name (NUL-separated), divided by 2^53: a uniform double in [0, 1). SHA-256 is a documented
 * function with the same output on every platform, and node:crypto has it, so the planner stays pure.
 */
import { createHash } from 'node:crypto';

const DOMAIN = 'mlp-sweep/search/v1';
const TWO_TO_53 = 2 ** 53;

export function uniformAt(seed: number, trial: number, name: string): number {
  const digest = createHash('sha256').update(`${DOMAIN}\0${seed}\0${trial}\0${name}`).digest();
  // The first 32 bits and the next 21: 53 bits, exact in a double.
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4) >>> 11;
  return (high * 2 ** 21 + low) / TWO_TO_53;
}
