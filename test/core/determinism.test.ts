import test from 'ava';
import { train } from '../../src/core/train.js';
import { mnist } from '../helpers/mnist.js';

const small = { hidden_sizes: [32, 16], epochs: 2, train_limit: 2000, batch_size: 50 };
const metricsOf = (seed: number) => {
  const { epochs, test } = train({ ...small, seed }, mnist());
  return { epochs: epochs.map(({ train_seconds: _, ...m }) => m), test };
};

test('the same seed gives bit-identical metrics', (t) => {
  t.deepEqual(metricsOf(5), metricsOf(5));
});

test('a different seed gives different metrics', (t) => {
  t.notDeepEqual(metricsOf(5), metricsOf(6));
});

test('epoch 0 is measured before any training and has no training metrics', (t) => {
  const { epochs } = train({ ...small, epochs: 1 }, mnist());
  t.is(epochs.length, 2);
  t.is(epochs[0].epoch, 0);
  t.is(epochs[0].train_loss, null);
  t.is(epochs[0].train_accuracy, null);
  t.true(epochs[0].validation_accuracy < 0.3);
});
