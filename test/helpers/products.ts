/** Matrix products on seeded operands, for the tests that compare kernel paths, tiles and threads bit for bit. */
import { Rng } from '../../src/core/rng.js';
import type { Kernels, Vec } from '../../src/kernels/types.js';

export type Op = 'matmulNN' | 'matmulTN' | 'matmulNT';
export const OPS: Op[] = ['matmulNN', 'matmulTN', 'matmulNT'];

/** Lengths of a, b and out for `op` in the Kernels contract's letters. */
export function lengths(op: Op, M: number, K: number, N: number): [number, number, number] {
  if (op === 'matmulNN') return [M * K, K * N, M * N];
  if (op === 'matmulTN') return [M * K, M * N, K * N];
  return [M * N, K * N, M * K];
}

/** Values in [−1, 1), `zeros` of them exactly zero (0.8: like MNIST pixels). */
export function fill(v: Vec, seed: number, zeros: number): Vec {
  const rng = new Rng(seed, 'sample');
  for (let i = 0; i < v.length; i++) v[i] = rng.uniform() < zeros ? 0 : Math.fround(2 * rng.uniform() - 1);
  return v;
}

/** `op` on seeded operands (A with `zeros` of its values zero, B with 10%), into an output first filled with NaN. */
export function product(k: Kernels, op: Op, M: number, K: number, N: number, zeros: number): Vec {
  const [la, lb, lo] = lengths(op, M, K, N);
  const out = k.allocate(lo).fill(Number.NaN);
  k[op](out, fill(k.allocate(la), la + 1, zeros), fill(k.allocate(lb), lb + 2, 0.1), M, K, N);
  return out;
}

/** The first index where the two differ in bits (NaN against NaN agrees, −0 against +0 does not), or −1. */
export const firstDifference = (a: Vec, b: Vec): number => a.findIndex((v, i) => !Object.is(v, b[i]));
