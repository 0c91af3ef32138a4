import test from 'ava';
import { Mlp } from '../../src/core/model.js';
import { createModel } from '../../src/core/train.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';

test('parameters export as named plain arrays and import back', (t) => {
  const a = createModel({ hidden_sizes: [5, 3], seed: 1, precision: 'float64' }, { capacity: 4 });
  const b = createModel({ hidden_sizes: [5, 3], seed: 2, precision: 'float64' }, { capacity: 4 });
  const exported = a.exportParameters();
  t.deepEqual(
    exported.map((p) => `${p.name}[${p.shape.join('x')}]`),
    ['W1[784x5]', 'b1[5]', 'W2[5x3]', 'b2[3]', 'W3[3x10]', 'b3[10]'],
  );
  t.notDeepEqual(b.exportParameters(), exported);
  b.importParameters(exported);
  t.deepEqual(b.exportParameters(), exported);
});

test('importing tensors of the wrong shape names what was expected and what was found', (t) => {
  const a = createModel({ hidden_sizes: [5] }, { capacity: 2 });
  const b = createModel({ hidden_sizes: [6] }, { capacity: 2 });
  t.throws(() => a.importParameters(b.exportParameters()), { message: /expected W1 \[784, 5\] \(3920 values\), got W1 \[784, 6\]/ });
});

test('glorot weights lie within ±sqrt(6 / (fan_in + fan_out)) and biases start at zero', (t) => {
  const model = createModel({ hidden_sizes: [512, 1024], init: 'glorot', seed: 3 }, { capacity: 1 });
  for (const layer of model.layers) {
    const d = Math.sqrt(6 / (layer.fanIn + layer.fanOut));
    let max = 0;
    for (const w of layer.W) max = Math.max(max, Math.abs(w));
    t.true(max <= d && max > 0.99 * d, `W${layer.index}: max |w| ${max}, d ${d}`);
    t.true(layer.b.every((v) => v === 0));
  }
});

test('normal init draws N(0, 1) weights', (t) => {
  const model = createModel({ hidden_sizes: [256], init: 'normal', seed: 4 }, { capacity: 1 });
  const w = model.layers[0].W;
  let sum = 0;
  let sumSq = 0;
  for (const v of w) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / w.length;
  const variance = sumSq / w.length - mean * mean;
  t.true(Math.abs(mean) < 0.01, `mean ${mean}`);
  t.true(Math.abs(variance - 1) < 0.01, `variance ${variance}`);
});

test('a batch larger than the model was built for is refused with both sizes', (t) => {
  const model = new Mlp([4, 3, 2], createReferenceKernels('float64'), 8);
  t.throws(() => model.forward(9), { message: 'batch of 9 rows does not fit a model built for 1..8 rows' });
});

test('settings outside their domain are refused when a model is built', (t) => {
  t.throws(() => createModel({ hidden_sizes: [0] }), { message: /settings\.hidden_sizes\[0\]: must be at least 1 \(got 0\)/ });
  t.throws(() => createModel({ learning_rate: -1 }), { message: /settings\.learning_rate: must be > 0 \(got -1\)/ });
});
