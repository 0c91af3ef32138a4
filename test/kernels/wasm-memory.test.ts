/**
 * The wasm set's memory: arrays stay valid while the set lives, even across memory growth; every
 * call is checked on the TypeScript side, with messages that give the actual shapes.
 */
import test from 'ava';
import { Mlp } from '../../src/core/model.js';
import { ShapeError } from '../../src/errors.js';
import { createWasmKernels } from '../../src/kernels/wasm/kernels.js';

test('arrays allocated before the memory grows keep their length and contents', (t) => {
  const k = createWasmKernels();
  const early = k.allocate(5);
  early.set([1, 2, 3, 4, 5]);
  const labels = k.allocateLabels(3);
  labels.set([7, 8, 9]);
  const big = k.allocate(64 * 1024 * 1024 / 4); // 64 MiB: many times the initial memory
  big[big.length - 1] = 6;
  t.is(early.length, 5);
  t.deepEqual(Array.from(early), [1, 2, 3, 4, 5]);
  t.deepEqual(Array.from(labels), [7, 8, 9]);
  // and the old views still work as operands next to the new ones
  const out = k.allocate(1);
  k.matmulNN(out, early, big.subarray(big.length - 5), 1, 5, 1);
  t.is(out[0], 5 * 6);
});

test('every array starts zero-filled', (t) => {
  const k = createWasmKernels();
  for (const n of [1, 17, 100_000]) t.true(k.allocate(n).every((v) => v === 0));
  t.true(k.allocateLabels(33).every((v) => v === 0));
});

test('a model of the study\'s size allocates all its arrays in one set and they stay distinct', (t) => {
  const k = createWasmKernels();
  const model = new Mlp([784, 512, 1024, 10], k, 500);
  model.params.fill(1);
  t.true(model.grads.every((v) => v === 0));
  t.true(model.input.every((v) => v === 0));
  t.is(model.params.length, 784 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 10 + 10);
});

test('two sets do not share memory', (t) => {
  const a = createWasmKernels().allocate(8);
  const b = createWasmKernels().allocate(8);
  a.fill(3);
  t.true(b.every((v) => v === 0));
});

test('an array the set did not allocate is refused, naming the operation and the argument', (t) => {
  const k = createWasmKernels();
  const other = createWasmKernels();
  const error = t.throws(() => k.matmulNN(k.allocate(4), new Float32Array(4), k.allocate(4), 2, 2, 2), {
    instanceOf: ShapeError,
  });
  t.regex(error.message, /^wasm matmulNN: a must be an array allocated by this kernel set \(got a Float32Array of another memory\)/);
  t.throws(() => k.sgdUpdate(k.allocate(4), other.allocate(4), 0.1, 4), {
    message: /^wasm sgdUpdate: grad must be an array allocated by this kernel set/,
  });
  t.throws(() => k.biasAdd(new Float64Array(4), k.allocate(2), 2, 2), { message: /z must be .* \(got a Float64Array\)/ });
  t.throws(() => k.softmaxCrossEntropy(null, k.allocate(4), new Int32Array(2), 2, 2, 1), {
    message: /labels must come from this kernel set's allocateLabels/,
  });
});

test('a shape larger than its array is refused with the actual shapes', (t) => {
  const k = createWasmKernels();
  t.throws(() => k.matmulNN(k.allocate(2 * 9), k.allocate(2 * 8), k.allocate(10), 2, 8, 9), {
    instanceOf: ShapeError,
    message: 'wasm matmulNN: b (K,N) = (8,9) needs 72 floats, got an array of 10',
  });
  t.throws(() => k.matmulTN(k.allocate(5), k.allocate(6), k.allocate(6), 2, 3, 3), {
    message: 'wasm matmulTN: out (K,N) = (3,3) needs 9 floats, got an array of 5',
  });
  t.throws(() => k.columnSum(k.allocate(3), k.allocate(3), 2, 3), {
    message: 'wasm columnSum: a (M,N) = (2,3) needs 6 floats, got an array of 3',
  });
  t.throws(() => k.matmulNT(k.allocate(4), k.allocate(4), k.allocate(4), 2, 2.5, 2), {
    message: 'wasm matmulNT: K must be a non-negative integer (got 2.5)',
  });
});

test('a matrix product writing over its own input is refused', (t) => {
  const k = createWasmKernels();
  const buffer = k.allocate(32);
  t.throws(() => k.matmulNN(buffer.subarray(0, 16), buffer.subarray(8, 24), k.allocate(16), 4, 4, 4), {
    message: 'wasm matmulNN: out overlaps a; a matrix product cannot write into its own input',
  });
  // element-wise operations may work in place
  k.biasRelu(buffer, buffer.subarray(0, 4), 8, 4);
  t.pass();
});

test('a label outside the classes is refused with its row', (t) => {
  const k = createWasmKernels();
  const labels = k.allocateLabels(3);
  labels.set([0, 9, 10]);
  t.throws(() => k.softmaxCrossEntropy(null, k.allocate(30), labels, 3, 10, 1), {
    message: 'wasm softmaxCrossEntropy: labels[2] = 10 is not a class of 0..9',
  });
});
