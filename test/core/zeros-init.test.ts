import test from 'ava';
import { train, createModel } from '../../src/core/train.js';
import { mnist } from '../helpers/mnist.js';

test('zeros init does not learn: one epoch predicts the most frequent class for every input', (t) => {
  // With every weight zero, every hidden unit outputs 0, so no weight gradient is ever non-zero
  // and only the output bias moves, towards the class frequencies of the training set. The model
  // then predicts class 1 (the most frequent digit) for every input: its share of the validation
  // set, 1064 of 10,000 = 10.64%, exactly what the study saw. The layer sizes do not change this.
  const outcome = train({ init: 'zeros', hidden_sizes: [64, 32], epochs: 1, learning_rate: 0.1, batch_size: 200 }, mnist());
  t.is(outcome.status, 'ok');
  t.is(outcome.epochs[1].validation_accuracy, 0.1064);
  const labels = mnist().validation.labels;
  t.is(labels.filter((l) => l === 1).length, 1064);
});

test('zeros init leaves every weight at zero and moves only the output bias', (t) => {
  const model = createModel({ init: 'zeros', hidden_sizes: [8, 4] }, { capacity: 50 });
  const data = mnist().train;
  for (let step = 0; step < 5; step++) {
    for (let r = 0; r < 50; r++) {
      for (let k = 0; k < 784; k++) model.input[r * 784 + k] = data.images[(step * 50 + r) * 784 + k] / 255;
      model.labels[r] = data.labels[step * 50 + r];
    }
    model.lossAndGradient(50);
    model.step(0.1);
  }
  for (const tensor of model.exportParameters()) {
    const moved = tensor.values.some((v) => v !== 0);
    t.is(moved, tensor.name === 'b3', `${tensor.name} ${moved ? 'moved' : 'stayed at zero'}`);
  }
});
