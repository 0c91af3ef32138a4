/**
 * Softmax cross-entropy on confident rows (a large max logit, the others far below it), against an
 * independent 60-digit computation (decimal.js), in every kernel set. The bounds are what PyTorch's
 * float64 log-softmax reaches on such rows (issue 14's oracle): loss 7e-10 relative on rows where
 * log Σ exp(z − max) ≈ 1e-6, gradient 4.3e-5 relative per element where it is ≈ 1e-11, with max
 * logits of 100 to 200. Forming
 * max + log s first (the old way) rounds log s against the max and misses both.
 */
import test from 'ava';
import { Decimal } from 'decimal.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import { kernelProviders } from '../../src/kernels/registry.js';
import type { Kernels } from '../../src/kernels/types.js';

const D = Decimal.clone({ precision: 60 });

/** The exact loss and gradient (p − onehot) of one row, to 60 digits. */
function exact(z: readonly number[], label: number): { loss: number; grad: number[] } {
  const e = z.map((v) => D.exp(new D(v).minus(z[label])));
  const sum = e.reduce((a, b) => a.plus(b), new D(0));
  return { loss: sum.ln().toNumber(), grad: e.map((x, j) => x.div(sum).minus(j === label ? 1 : 0).toNumber()) };
}

// every value is a float32, so all sets see the same logits
const LOSS_ROWS: [number[], number][] = [
  [[100, 86, 85, 80, 10, 0, 0, 0, 0, 0], 0],
  [[0, 97.5, 84, 83.25, 9, 1, 2, 3, 4, 5], 1],
  [[-3, 1, 2, 3, 4, 5, 6, 7, 108.5, 122], 9],
  [[200, 186.5, 185, 150, 0, 0, 0, 0, 0, 0], 0],
];
const GRADIENT_ROWS: [number[], number][] = [
  [[100, 75, 74.5, 73, 20, 10, 0, -5, 5, 1], 0],
  [[3, 1, 110, 85, 84.75, 0, 0, 0, 0, 0], 2],
  [[120.5, 95, 94, 93, 92, 91, 90, 0, 0, -1], 0],
];

const sets: { label: string; create: () => Kernels }[] = [{ label: 'reference float64', create: () => createReferenceKernels('float64') }];
for (const provider of kernelProviders()) {
  if (provider.unavailableReason() === null) sets.push({ label: `${provider.name} float32`, create: () => provider.create('float32') });
}

function run(k: Kernels, z: readonly number[], label: number): { loss: number; grad: number[] } {
  const logits = k.allocate(z.length);
  logits.set(z);
  const labels = k.allocateLabels(1);
  labels[0] = label;
  const d = k.allocate(z.length);
  const { lossSum } = k.softmaxCrossEntropy(d, logits, labels, 1, z.length, 1);
  return { loss: lossSum, grad: Array.from(d) };
}

const relative = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

for (const set of sets) {
  test(`${set.label}: the loss of confident rows is within 7e-10 relative of a 60-digit computation`, (t) => {
    const k = set.create();
    for (const [z, label] of LOSS_ROWS) {
      const error = relative(run(k, z, label).loss, exact(z, label).loss);
      t.log(`row max ${Math.max(...z)}: loss relative error ${error.toExponential(2)}`);
      t.true(error < 7e-10, `row [${z}]: ${error}`);
    }
  });

  test(`${set.label}: the gradient of confident rows is within 4.3e-5 relative of a 60-digit computation, element by element`, (t) => {
    const k = set.create();
    for (const [z, label] of GRADIENT_ROWS) {
      const want = exact(z, label).grad;
      const got = run(k, z, label).grad;
      // elements below float32's smallest normal (exp(−105) ≈ 2.5e−46) have no relative precision in float32 sets
      const error = Math.max(...got.map((g, j) => (Math.abs(want[j]) < 2 ** -126 ? 0 : relative(g, want[j]))));
      t.log(`row max ${Math.max(...z)}: worst gradient element relative error ${error.toExponential(2)}`);
      t.true(error < 4.3e-5, `row [${z}]: ${error}`);
    }
  });
}
