import type { Dataset } from '../../src/data/dataset.js';
import { loadMnist } from '../../src/data/mnist.js';

let cached: Dataset | undefined;

/** The bundled MNIST, loaded once per test file. */
export function mnist(): Dataset {
  cached ??= loadMnist();
  return cached;
}
