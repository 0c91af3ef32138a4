import test from 'ava';
import { STUDY_EPSILONS, gradientCheck } from '../../src/core/gradcheck.js';
import { createModel } from '../../src/core/train.js';
import { mnist } from '../helpers/mnist.js';

test('the study epsilons are 1/(m·10^N) for N = 1..5 and m in {1, 5}', (t) => {
  t.deepEqual(
    STUDY_EPSILONS.map((e) => e.toExponential(0)),
    ['1e-1', '2e-2', '1e-2', '2e-3', '1e-3', '2e-4', '1e-4', '2e-5', '1e-5', '2e-6'],
  );
});

test('backprop matches central differences on every tensor of a float64 network', (t) => {
  // 784-24-16-10 on 8 real validation images: small enough to sample many entries of every tensor.
  const model = createModel({ hidden_sizes: [24, 16], init: 'glorot', seed: 7, precision: 'float64' }, { capacity: 8 });
  const report = gradientCheck(model, mnist().validation, 8, { samplesPerTensor: 25, seed: 3 });
  t.deepEqual(
    report.best.map((b) => b.tensor),
    ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'],
  );
  for (const best of report.best) {
    // Relative error of a correct float64 gradient at its best ε is ~1e-9 (truncation ~ε², round-off
    // ~1e-16/ε); any wrong term in a layer's backward pass gives errors of order 1.
    t.log(`${best.tensor}: best ε ${best.epsilon.toExponential(0)}, max relative error ${best.max_rel_error.toExponential(2)}`);
    t.true(best.max_rel_error < 1e-6, `${best.tensor}: ${best.max_rel_error}`);
  }
});

test('the gradient check refuses a float32 model', (t) => {
  const model = createModel({ hidden_sizes: [4], precision: 'float32', kernels: 'reference' }, { capacity: 2 });
  t.throws(() => gradientCheck(model, mnist().validation, 2), { message: /needs a float64 model \(got float32\)/ });
});

test('the max difference falls as epsilon shrinks, until round-off takes over', (t) => {
  const model = createModel({ hidden_sizes: [24, 16], init: 'glorot', seed: 7, precision: 'float64' }, { capacity: 8 });
  const report = gradientCheck(model, mnist().validation, 8, { samplesPerTensor: 10, seed: 3 });
  const w2 = report.rows.filter((r) => r.tensor === 'W2');
  // truncation error shrinks like ε²: from ε = 0.1 to ε = 1e-3 it must fall by orders of magnitude
  const at = (e: number): number => w2.find((r) => Math.abs(r.epsilon - e) < e * 1e-9)!.max_abs_diff;
  t.true(at(1e-3) < at(1e-1) / 100, `${at(1e-3)} vs ${at(1e-1)}`);
});
