import test from 'ava';
import { train } from '../../src/core/train.js';
import { mnist } from '../helpers/mnist.js';

test('a non-finite loss stops training and is reported as divergence, not thrown', (t) => {
  // Softmax regression with lr 1e38: the first updates push the logits past float32 range
  // (≈3.4e38), where they become ±Infinity and the loss NaN. (With lr 1e37 some initial weights
  // keep the loss finite, near 1e37: whether it overflows depends on the seed's draws.)
  // (A ReLU network would rather die, every unit dead, with a finite loss.)
  const outcome = train(
    { init: 'glorot', learning_rate: 1e38, hidden_sizes: [], epochs: 3, train_limit: 2000, precision: 'float32', kernels: 'reference' },
    mnist(),
  );
  t.is(outcome.status, 'diverged');
  t.is(outcome.test, null);
  t.truthy(outcome.divergence);
  t.is(outcome.divergence!.epoch, 1);
  t.false(Number.isFinite(outcome.divergence!.loss));
  t.is(outcome.epochs.length, 1); // epoch 0 only: the metrics measured before it diverged are kept
});
