/**
 * Seeded randomness for a run, from pure-rand's xoroshiro128+ seeded through SplitMix64. One seed gives independent streams
 * (one per purpose, separated by generator jumps), so changing, say, the layer sizes changes the
 * initial weights but not the order in which examples are shuffled. Math.random is never used.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Where a stream stands: enough to continue it exactly (checkpoints store it). */
export interface RngState {
  /** The generator's four 32-bit words. */
  generator: number[];
  /** The Box–Muller deviate drawn but not yet used. */
  spare_normal: number | null;
}

const MASK64 = (1n << 64n) - 1n;

/** The first `count` outputs of SplitMix64 from `seed` (Steele, Lea and Flood 2014; Vigna's splitmix64.c). */
export function splitMix64(seed: bigint, count: number): bigint[] {
  const out: bigint[] = [];
  let x = seed & MASK64;
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}

export type RandomStream = 'init' | 'shuffle' | 'sample';
const STREAM_JUMPS: Record<RandomStream, number> = { init: 0, shuffle: 1, sample: 2 };

export class Rng {
  private gen: JumpableRandomGenerator;
  /** The second normal deviate of the last Box–Muller pair, not yet used. */
  private spareNormal: number | null = null;

  constructor(seed: number, stream: RandomStream) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53 − 1] (got ${seed})`);
    // xoroshiro128+ wants a well-mixed 128-bit state, not a small number: its authors seed it with two
    // SplitMix64 outputs, which gives every seed below 2^53 its own state (SplitMix64 is a bijection)
    const [s0, s1] = splitMix64(BigInt(seed), 2);
    const word = (x: bigint, shift: bigint): number => Number(BigInt.asIntN(32, x >> shift));
    // pure-rand's state order: high then low word of s0, high then low word of s1
    this.gen = xoroshiro128plusFromState([word(s0, 32n), word(s0, 0n), word(s1, 32n), word(s1, 0n)]);
    for (let i = 0; i < STREAM_JUMPS[stream]; i++) this.gen.jump();
  }

  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    // 1 − u lies in (0, 1], so the log is finite
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Shuffles `order` in place (Fisher–Yates). */
  shuffle(order: Int32Array | number[]): void {
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Where this stream stands, as plain numbers. */
  state(): RngState {
    return { generator: this.gen.getState().slice(), spare_normal: this.spareNormal };
  }

  /** Continues from `state` (from `state()` of a stream of the same kind): the next draws are that stream's. */
  restore(state: RngState): this {
    const { generator, spare_normal: spare } = state;
    if (!Array.isArray(generator) || generator.length !== 4 || !generator.every((w) => Number.isInteger(w) && w === (w | 0))) {
      throw new RangeError(`a generator state is four 32-bit integers (got ${JSON.stringify(generator)})`);
    }
    if (spare !== null && !Number.isFinite(spare)) throw new RangeError(`spare_normal must be a number or null (got ${spare})`);
    this.gen = xoroshiro128plusFromState(generator);
    this.spareNormal = spare;
    return this;
  }
}
