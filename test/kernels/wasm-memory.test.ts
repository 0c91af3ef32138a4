/**
 * The wasm set's memory: arrays stay valid while the set lives, even across memory growth, and only the
 * set's own arrays are accepted (the checks every fast set shares are in fast-sets.test.ts).
 */
import test from 'ava';
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
