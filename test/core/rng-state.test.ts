import test from 'ava';
import { Rng } from '../../src/core/rng.js';

test('a stream restored from its state continues with the same draws', (t) => {
  const original = new Rng(7, 'shuffle');
  for (let i = 0; i < 5; i++) original.uniform();
  original.normal(); // leaves a spare normal deviate pending
  const copy = new Rng(999, 'init').restore(JSON.parse(JSON.stringify(original.state())));
  const draws = (r: Rng) => [r.normal(), r.uniform(), r.int(0, 1000), r.normal(), r.normal()];
  t.deepEqual(draws(copy), draws(original));
  const a = Int32Array.from({ length: 50 }, (_, i) => i);
  const b = a.slice();
  original.shuffle(a);
  copy.shuffle(b);
  t.deepEqual(b, a);
});

test('a state that is not four 32-bit words is refused with what was found', (t) => {
  const rng = new Rng(1, 'shuffle');
  t.throws(() => rng.restore({ generator: [1, 2, 3], spare_normal: null }), { message: /four 32-bit integers \(got \[1,2,3\]\)/ });
  t.throws(() => rng.restore({ generator: [1, 2, 3, 2 ** 32], spare_normal: null }), { message: /four 32-bit integers/ });
  t.throws(() => rng.restore({ generator: [1, 2, 3, 4], spare_normal: Number.NaN }), { message: /spare_normal must be a number or null \(got NaN\)/ });
});
