import test from 'ava';
import type { Mlp } from '../../src/core/model.js';
import { Rng } from '../../src/core/rng.js';
import { createModel, train } from '../../src/core/train.js';
import { gatherBatch, takeFirst } from '../../src/data/dataset.js';
import { mnist } from '../helpers/mnist.js';

test('training takes a partial last batch: 450 examples at batch 200 are 3 steps of 200, 200 and 50', (t) => {
  const settings = { hidden_sizes: [16], epochs: 1, batch_size: 200, train_limit: 450, seed: 9, precision: 'float64' as const };
  let trained: ReturnType<Mlp['exportParameters']> = [];
  const outcome = train(settings, mnist(), { onTrained: (m) => (trained = m.exportParameters()) });

  // The same epoch by hand through the library API, with the partial batch as a third step.
  const model = createModel(settings);
  const split = takeFirst(mnist().train, 450);
  const order = Int32Array.from({ length: 450 }, (_, i) => i);
  new Rng(9, 'shuffle').shuffle(order);
  let lossSum = 0;
  for (const [start, rows] of [[0, 200], [200, 200], [400, 50]]) {
    gatherBatch(model.input, model.labels, split, order, start, rows);
    lossSum += model.lossAndGradient(rows).lossSum;
    model.step(0.1);
  }
  t.is(outcome.epochs[1].train_loss, lossSum / 450);
  const mine = model.exportParameters();
  const validation = mnist().validation;
  let correct = 0;
  for (let start = 0; start < validation.count; start += 500) {
    gatherBatch(model.input, model.labels, validation, null, start, 500);
    correct += model.evaluate(500).correct;
  }
  t.is(outcome.epochs[1].validation_accuracy, correct / validation.count);
  // and the weights after the three steps are the trained model's, bit for bit
  t.deepEqual(mine, trained);
  t.is(mine.length, 4);
});
