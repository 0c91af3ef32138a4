import test from 'ava';
import { ThreadShares } from '../../src/launch/thread-shares.js';

test('a lone job gets every core, and the cores are split again as jobs start and finish', (t) => {
  const shares = new ThreadShares(3);
  const a = shares.take();
  t.is(shares.threadsOf(a), 3);
  const b = shares.take();
  t.deepEqual([shares.threadsOf(a), shares.threadsOf(b)], [2, 1]);
  const c = shares.take();
  t.deepEqual([a, b, c].map((s) => shares.threadsOf(s)), [1, 1, 1]);
  shares.release(a);
  t.deepEqual([shares.threadsOf(b), shares.threadsOf(c)], [2, 1]);
  shares.release(b);
  t.is(shares.threadsOf(c), 3);
  t.is(shares.take(), 0, 'a freed slot is taken again');
});

test('the shares live in shared memory, where a worker thread reads them', (t) => {
  const shares = new ThreadShares(2);
  const slot = shares.take();
  t.true(shares.buffer instanceof SharedArrayBuffer);
  t.is(Atomics.load(new Int32Array(shares.buffer, slot * 4, 1), 0), 2);
});
