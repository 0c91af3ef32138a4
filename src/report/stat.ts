/** A metric over a configuration's seeds: mean, sample standard deviation and count. Pure. */

export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); null when n < 2. */
  std: number | null;
  n: number;
}

/** Mean ± sample std of the values that are not null; null when there are none. */
export function stat(values: readonly (number | null)[]): Stat | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = xs.length < 2 ? null : Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, std, n: xs.length };
}
