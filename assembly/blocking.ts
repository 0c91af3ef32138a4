/**
 * The blocking of the matrix product (see gemm.ts) and the scratch it packs into: sizes, and the
 * places in memory the host gave, set once per instance by setGemmScratch.
 */

export const MR: i32 = 5;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 120;
export const NC: i32 = 1024;

/**
 * Scratch the host allocates in this memory once: packed A block, packed B block, one edge tile, the
 * list of reduction indices a slice keeps, one flag per A micro-panel (1: all zero), and the
 * transposed result of a narrow product (see gemm).
 */
export let packA: usize = 0;
export let packB: usize = 0;
export let edgeTile: usize = 0;
export let live: usize = 0;
export let zeroPanel: usize = 0;
export let narrowOut: usize = 0;

/** A product at most this many columns wide is computed transposed (see gemm), up to NARROW_FLOATS. */
export const NARROW_N: i32 = NR + NR / 2;
export const NARROW_FLOATS: i32 = 32768;

/** The register tile, rows × columns of C, for the host's descriptions. */
export function gemmTile(): i32 {
  return (MR << 8) | NR;
}

export function gemmScratchBytes(): usize {
  return (<usize>(MC * KC + KC * NC + MR * NR + KC + MC / MR + NARROW_FLOATS)) << 2;
}

export function setGemmScratch(ptr: usize): void {
  packA = ptr;
  packB = packA + ((<usize>(MC * KC)) << 2);
  edgeTile = packB + ((<usize>(KC * NC)) << 2);
  live = edgeTile + ((<usize>(MR * NR)) << 2);
  zeroPanel = live + ((<usize>KC) << 2);
  narrowOut = zeroPanel + ((<usize>(MC / MR)) << 2);
}
