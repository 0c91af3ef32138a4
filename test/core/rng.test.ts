import test from 'ava';
import { Rng, splitMix64 } from '../../src/core/rng.js';

test('SplitMix64 gives the published outputs', (t) => {
  // splitmix64.c from seed 0, and Java's SplittableRandom test vector from seed 1234567
  t.is(splitMix64(0n, 1)[0], 0xe220a8397b1dcdafn);
  t.deepEqual(splitMix64(1234567n, 3), [6457827717110365317n, 3203168211198807973n, 9817491932198370423n]);
});

test('the first draw of small seeds is not the same number', (t) => {
  const firsts = [0, 1, 2, 3, 4, 5].map((seed) => new Rng(seed, 'init').uniform());
  t.is(new Set(firsts).size, firsts.length);
  // unmixed, every small seed started at ≈ 0.99999997
  t.true(firsts.some((u) => u < 0.9), String(firsts));
});

test('the second draw is not linear in the seed', (t) => {
  const second = (seed: number): number => {
    const rng = new Rng(seed, 'init');
    rng.uniform();
    return rng.uniform();
  };
  const [a, b, c] = [1, 2, 3].map(second);
  t.true(Math.abs(c - b - (b - a)) > 1e-3, `${a} ${b} ${c}`);
});

test('seeds that share their low 32 bits give different runs, up to 2^53 − 1', (t) => {
  const draws = (seed: number) => Array.from({ length: 4 }, ((rng) => () => rng.uniform())(new Rng(seed, 'init')));
  t.notDeepEqual(draws(4294967296), draws(2654435761));
  t.notDeepEqual(draws(2 ** 32), draws(0));
  t.notDeepEqual(draws(Number.MAX_SAFE_INTEGER), draws(Number.MAX_SAFE_INTEGER - 1));
});

test('a seed outside 0 … 2^53 − 1 is refused', (t) => {
  t.throws(() => new Rng(2 ** 53, 'init'), { instanceOf: RangeError });
  t.throws(() => new Rng(-1, 'init'), { instanceOf: RangeError });
});
