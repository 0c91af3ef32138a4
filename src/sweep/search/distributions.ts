/**
 * A uniform number u in [0, 1) → a value of a distribution. Written out so that anyone can recompute a
 * trial's settings by hand (docs/SWEEP-FILES.md, "Random search"):
 *
 *   uniform [a, b]           a + u(b − a)
 *   log_uniform [a, b]       exp(ln a + u(ln b − ln a))
 *   int_uniform [a, b]       a + ⌊u(b − a + 1)⌋                       (a and b both possible)
 *   q_uniform [a, b, q]      k·q, k = ⌈a/q⌉ + ⌊u(⌊b/q⌋ − ⌈a/q⌉ + 1)⌋  (the multiples of q in [a, b], equally likely)
 *   q_log_uniform [a, b, q]  round(log_uniform(a, b) / q)·q, kept within the multiples of q in [a, b]
 *   choice [v0 … vn−1]       v⌊u·n⌋
 *
 * Continuous values are rounded to 6 significant digits (then kept within [a, b]): a trial's settings are
 * then short enough to read in a plan and to type on the command line, and a difference beyond the sixth
 * digit of a learning rate changes no conclusion. Multiples of q are rounded to 12 significant digits, so
 * that 3 × 0.1 is 0.3 and not 0.30000000000000004.
 */
import type { Distribution } from './search.js';

const CONTINUOUS_DIGITS = 6;
const MULTIPLE_DIGITS = 12;

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));
const rounded = (x: number, digits: number) => Number(x.toPrecision(digits));

/** The range of k for the multiples k·q within [low, high]; empty (first > last) when there is none. */
export function multiples(low: number, high: number, q: number): { first: number; last: number } {
  // A tolerance of one part in 10^9 so that 0.3 / 0.1 = 2.9999999999999996 still counts 0.3 as a multiple.
  const eps = 1e-9;
  return { first: Math.ceil(low / q - eps), last: Math.floor(high / q + eps) };
}

export function sample(distribution: Distribution, u: number): unknown {
  switch (distribution.kind) {
    case 'choice':
      return distribution.values[Math.floor(u * distribution.values.length)];
    case 'int_uniform':
      return distribution.low + Math.floor(u * (distribution.high - distribution.low + 1));
    case 'uniform': {
      const { low, high } = distribution;
      return clamp(rounded(low + u * (high - low), CONTINUOUS_DIGITS), low, high);
    }
    case 'log_uniform': {
      const { low, high } = distribution;
      return clamp(rounded(logUniform(low, high, u), CONTINUOUS_DIGITS), low, high);
    }
    case 'q_uniform': {
      const { first, last } = multiples(distribution.low, distribution.high, distribution.q);
      return rounded((first + Math.floor(u * (last - first + 1))) * distribution.q, MULTIPLE_DIGITS);
    }
    case 'q_log_uniform': {
      const { low, high, q } = distribution;
      const { first, last } = multiples(low, high, q);
      const k = clamp(Math.round(logUniform(low, high, u) / q), first, last);
      return rounded(k * q, MULTIPLE_DIGITS);
    }
  }
}

function logUniform(low: number, high: number, u: number): number {
  return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
}

/** The smallest and largest value a numeric distribution can give (for the checks against the setting's bounds). */
export function extremes(distribution: Exclude<Distribution, { kind: 'choice' }>): [number, number] {
  if (distribution.kind === 'q_uniform' || distribution.kind === 'q_log_uniform') {
    const { first, last } = multiples(distribution.low, distribution.high, distribution.q);
    return [rounded(first * distribution.q, MULTIPLE_DIGITS), rounded(last * distribution.q, MULTIPLE_DIGITS)];
  }
  return [distribution.low, distribution.high];
}

/** `log_uniform [0.001, 0.5]`, as `plan` shows the space. */
export function describeDistribution(distribution: Distribution): string {
  const list = (values: unknown[]) => `[${values.map((v) => JSON.stringify(v).replace(/"/g, '').replace(/,/g, ', ')).join(', ')}]`;
  switch (distribution.kind) {
    case 'choice':
      return `choice ${list(distribution.values)}`;
    case 'q_uniform':
    case 'q_log_uniform':
      return `${distribution.kind} [${distribution.low}, ${distribution.high}, ${distribution.q}]`;
    default:
      return `${distribution.kind} [${distribution.low}, ${distribution.high}]`;
  }
}
