/** The thread of ./mnist-thread.ts: loads MNIST once, posts it (shared memory, no copy) or the error, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { MlpSweepError } from '../errors.js';
import { loadMnist } from './mnist.js';
import type { MnistThreadMessage } from './mnist-thread.js';

const post = (message: MnistThreadMessage): void => parentPort?.postMessage(message);
// The reading runs on the next turn of the event loop, once this module has finished evaluating: a
// thread ended while Node is still loading its ES modules can abort the whole process (Node 20), so
// 'loaded' is said only then, and the owner may end the thread from there on.
setImmediate(() => {
  post({ type: 'loaded' });
  try {
    post({ type: 'dataset', dataset: loadMnist((workerData as { dir?: string }).dir) });
  } catch (error) {
    if (error instanceof MlpSweepError && error.code === 'DATASET') post({ type: 'error', dataset: true, message: error.message, hint: error.hint });
    else post({ type: 'error', dataset: false, message: (error as Error).message, stack: (error as Error).stack });
  }
});
