import test from 'ava';
import { formatVerdict } from '../../src/cli/commands/gradcheck.js';
import { GRADCHECK_THRESHOLD, gradcheckVerdict, gradientCheck } from '../../src/core/gradcheck.js';
import type { Mlp } from '../../src/core/model.js';
import { createModel } from '../../src/core/train.js';
import { mnist } from '../helpers/mnist.js';

/** The model with one tensor's backprop gradient scaled by `factor`: a deliberately wrong backward pass. */
function withWrongGradient(model: Mlp, tensor: string, factor: number): Mlp {
  const wrong = Object.create(model) as Mlp;
  wrong.lossAndGradient = (rows: number) => {
    const result = model.lossAndGradient(rows);
    const grad = model.tensors().find((x) => x.name === tensor)!.grad;
    for (let i = 0; i < grad.length; i++) grad[i] *= factor;
    return result;
  };
  return wrong;
}

const small = () => createModel({ hidden_sizes: [12], init: 'glorot', seed: 5, precision: 'float64' }, { capacity: 6 });

test('a correct backward pass passes the documented threshold of 1e-6', (t) => {
  t.is(GRADCHECK_THRESHOLD, 1e-6);
  const verdict = gradcheckVerdict(gradientCheck(small(), mnist().validation, 6, { samplesPerTensor: 8, seed: 1 }));
  t.true(verdict.passed, JSON.stringify(verdict.failed));
  t.is(formatVerdict(verdict), "PASS: every tensor's best relative error is below 1e-6\n");
});

test('a gradient 196% wrong on one tensor fails the check, naming that tensor only', (t) => {
  const model = withWrongGradient(small(), 'b1', 2.96);
  const verdict = gradcheckVerdict(gradientCheck(model, mnist().validation, 6, { samplesPerTensor: 8, seed: 1 }));
  t.false(verdict.passed);
  t.deepEqual(
    verdict.failed.map((b) => b.tensor),
    ['b1'],
  );
  t.regex(formatVerdict(verdict), /^FAIL: best relative error not below 1e-6 on b1 \d\.\d{3}e-\d+: backprop disagrees/);
});

test('a NaN relative error fails the check', (t) => {
  const report = { rows: [], batch_rows: 1, loss: 0, best: [{ tensor: 'W1', epsilon: 0.1, max_rel_error: Number.NaN, max_abs_diff: Number.NaN }] };
  t.false(gradcheckVerdict(report).passed);
});
