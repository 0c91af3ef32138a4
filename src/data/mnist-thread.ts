/**
 * MNIST loaded on a thread of its own: `mlp-sweep run` starts it before the command's modules load
 * (src/launch/warm-pool.ts), so the 55 MB are read and their sha256 checked (./mnist.ts's loadMnist,
 * unchanged) on the other core while the main thread loads its modules and the sweep files, instead of
 * after them (~0.08 s). The bytes are in shared memory already, so the dataset comes back without a copy.
 *
 * A DatasetError comes back as the same error (message and hint). Anything else going wrong with the
 * thread (it could not start, it died) is not the data's fault: the main thread loads the data itself.
 */
import { Worker } from 'node:worker_threads';
import { DatasetError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { loadMnist } from './mnist.js';

/** What the thread posts: once its modules are loaded, then the dataset or why there is none. */
export type MnistThreadMessage =
  | { type: 'loaded' }
  | { type: 'dataset'; dataset: Dataset }
  | { type: 'error'; dataset: true; message: string; hint: string | undefined }
  | { type: 'error'; dataset: false; message: string; stack: string | undefined };

export class MnistThread {
  /** The dataset, or the DatasetError that loading it gave; never rejects for a reason of the thread's own. */
  readonly dataset: Promise<Dataset>;
  private readonly worker: Worker;
  private readonly loaded: Promise<void>;
  private ended = false;

  /** `workerFile`: the thread's module (tests substitute misbehaving ones). */
  constructor(dir?: string, workerFile: string | URL = new URL('./mnist-thread-worker.js', import.meta.url)) {
    this.worker = new Worker(workerFile, { workerData: { dir } });
    let markLoaded = (): void => {};
    this.loaded = new Promise((resolve) => (markLoaded = resolve));
    this.dataset = new Promise<Dataset>((resolveWith, rejectWith) => {
      let settled = false;
      const resolve = (dataset: Dataset): void => void ((settled = true), resolveWith(dataset));
      const reject = (error: unknown): void => void ((settled = true), rejectWith(error));
      // the thread could not give the dataset: this one reads it (a DatasetError then comes from here)
      const fallback = (): void => {
        markLoaded();
        if (settled) return;
        if (this.ended) return reject(new Error('the data thread was ended before it gave the dataset'));
        try {
          resolve(loadMnist(dir));
        } catch (error) {
          reject(error);
        }
      };
      this.worker.on('message', (message: MnistThreadMessage) => {
        if (message.type === 'loaded') return markLoaded();
        if (message.type === 'dataset') return resolve(message.dataset);
        if (message.dataset) return reject(new DatasetError(message.message, { hint: message.hint }));
        const error = new Error(message.message);
        error.stack = message.stack;
        reject(error);
      });
      this.worker.on('error', fallback);
      this.worker.on('exit', fallback);
    });
    // a run that fails before it asks for the data must not fail again on a rejection nobody awaits
    this.dataset.catch(() => {});
  }

  /**
   * Ends the thread if it is still reading (a run that did not need the data), once its modules are loaded:
   * Node 20 can abort the process when a thread is terminated while it loads ES modules.
   */
  async end(): Promise<void> {
    this.ended = true;
    await this.loaded;
    await this.worker.terminate();
  }
}
