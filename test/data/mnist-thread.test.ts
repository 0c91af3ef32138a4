import test from 'ava';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from '../../src/errors.js';
import { MnistThread } from '../../src/data/mnist-thread.js';
import { MNIST_FILES, defaultMnistDir, loadMnist } from '../../src/data/mnist.js';
import { mnist } from '../helpers/mnist.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

test('the data thread gives the dataset loadMnist gives, in shared memory, byte for byte', async (t) => {
  const thread = new MnistThread();
  const data = await thread.dataset;
  const here = mnist();
  t.is(data.digest, here.digest);
  for (const split of ['train', 'validation', 'test'] as const) {
    t.is(data[split].count, here[split].count);
    t.is(data[split].features, here[split].features);
    t.true(data[split].images.buffer instanceof SharedArrayBuffer);
    t.is(Buffer.compare(Buffer.from(data[split].images), Buffer.from(here[split].images)), 0, split);
    t.is(Buffer.compare(Buffer.from(data[split].labels), Buffer.from(here[split].labels)), 0, split);
  }
  await thread.end();
});

test('a data file that is wrong gives the DatasetError loadMnist gives, hint included', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mnist-thread-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const spec of Object.values(MNIST_FILES)) if (spec.file !== 'train-labels-idx1-ubyte') copyFileSync(path.join(defaultMnistDir(), spec.file), path.join(dir, spec.file));
  const expected = t.throws(() => loadMnist(dir)) as DatasetError;
  const thread = new MnistThread(dir);
  const error = await t.throwsAsync(thread.dataset, { instanceOf: DatasetError, message: expected.message });
  t.is((error as DatasetError).hint, expected.hint);
  t.regex(expected.hint ?? '', /npm install/);
  await thread.end();
});

const fixture = (name: string): string => path.join(PROJECT_ROOT, 'test', 'fixtures', 'workers', name);

test('a data thread that ends without the dataset leaves the reading to this thread', async (t) => {
  const thread = new MnistThread(undefined, fixture('mnist-thread-exits.js'));
  t.is((await thread.dataset).digest, mnist().digest);
  await thread.end();
});

test('a data thread nobody asked is ended, and the data is not read on this thread instead', async (t) => {
  const thread = new MnistThread(undefined, fixture('mnist-thread-hangs.js'));
  await thread.end();
  await t.throwsAsync(thread.dataset, { message: /ended before it gave the dataset/ });
});
