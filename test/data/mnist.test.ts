import test from 'ava';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MNIST_FILES, defaultMnistDir, loadMnist } from '../../src/data/mnist.js';
import { mnist } from '../helpers/mnist.js';

test('the classic split: 50,000 train, 10,000 validation, 10,000 test, 784 pixels each', (t) => {
  const data = mnist();
  t.is(data.train.count, 50_000);
  t.is(data.validation.count, 10_000);
  t.is(data.test.count, 10_000);
  t.is(data.train.images.length, 50_000 * 784);
  t.is(data.validation.labels.length, 10_000);
  t.is(data.classes, 10);
});

test('validation is the last 10,000 training images, in file order', (t) => {
  const raw = readFileSync(path.join(defaultMnistDir(), 'train-labels-idx1-ubyte'));
  const data = mnist();
  t.deepEqual(Array.from(data.validation.labels.subarray(0, 20)), Array.from(raw.subarray(8 + 50_000, 8 + 50_020)));
  t.deepEqual(Array.from(data.train.labels.subarray(0, 20)), Array.from(raw.subarray(8, 28)));
});

test('pixels are held in shared memory for worker threads', (t) => {
  t.true(mnist().train.images.buffer instanceof SharedArrayBuffer);
});

function copyOfData(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mnist-'));
  for (const spec of Object.values(MNIST_FILES)) copyFileSync(path.join(defaultMnistDir(), spec.file), path.join(dir, spec.file));
  return dir;
}

test('a missing file is named, with the fix', (t) => {
  const dir = copyOfData();
  rmSync(path.join(dir, 't10k-labels-idx1-ubyte'));
  const error = t.throws(() => loadMnist(dir), { message: /t10k-labels-idx1-ubyte: cannot read \(ENOENT\)/ });
  t.regex((error as { hint?: string }).hint ?? '', /npm install/);
  rmSync(dir, { recursive: true });
});

test('a truncated file is named with the size its header promised', (t) => {
  const dir = copyOfData();
  const file = path.join(dir, 'train-labels-idx1-ubyte');
  writeFileSync(file, readFileSync(file).subarray(0, 1000));
  t.throws(() => loadMnist(dir), { message: /train-labels-idx1-ubyte: header says 60000 = 60000 values but the file holds 992/ });
  rmSync(dir, { recursive: true });
});

test('a file with a wrong magic number is named', (t) => {
  const dir = copyOfData();
  const file = path.join(dir, 't10k-images-idx3-ubyte');
  const bytes = readFileSync(file);
  bytes[2] = 0x0d; // float instead of unsigned byte
  writeFileSync(file, bytes);
  t.throws(() => loadMnist(dir), { message: /t10k-images-idx3-ubyte: bad IDX magic number 0x00000d03/ });
  rmSync(dir, { recursive: true });
});

test('a corrupt pixel is caught by the sha256 check', (t) => {
  const dir = copyOfData();
  const file = path.join(dir, 'train-images-idx3-ubyte');
  const bytes = readFileSync(file);
  bytes[5000] ^= 0xff;
  writeFileSync(file, bytes);
  t.throws(() => loadMnist(dir), { message: /train-images-idx3-ubyte: sha256 [0-9a-f]{64} does not match the published ba891046/ });
  rmSync(dir, { recursive: true });
});
