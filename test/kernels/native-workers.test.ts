/**
 * The addon is context-aware (N-API, no shared mutable state), so every Piscina worker thread can load
 * it at once: here four threads load it together, each trains a few steps and computes a product,
 * and each gets the main thread's bits.
 */
import test from 'ava';
import { Worker } from 'node:worker_threads';
import { nativeTest as nativeTestFor } from '../helpers/native.js';

const nativeTest = nativeTestFor(test, 'native worker');

const KERNELS = new URL('../../src/kernels/native/kernels.js', import.meta.url).href;

/** Runs in each thread (and in the main one): a 131×300·300×1031 product, checksummed bit by bit. */
const WORK = `
  import { createNativeKernels } from ${JSON.stringify(KERNELS)};
  export function work() {
    const k = createNativeKernels();
    const [M, K, N] = [131, 300, 1031];
    const a = k.allocate(M * K), b = k.allocate(K * N), out = k.allocate(M * N);
    a.forEach((_, i) => (a[i] = i % 3 === 0 ? 0 : Math.sin(i)));
    b.forEach((_, i) => (b[i] = Math.cos(i)));
    for (let r = 0; r < 20; r++) k.matmulNN(out, a, b, M, K, N);
    const words = new Uint32Array(out.buffer, out.byteOffset, out.length);
    let hash = 2166136261;
    for (const w of words) hash = Math.imul(hash ^ w, 16777619) >>> 0;
    return hash;
  }`;

nativeTest('four worker threads load the addon at once and each gets the main thread\'s bits', async (t) => {
  const moduleUrl = `data:text/javascript,${encodeURIComponent(WORK)}`;
  const { work } = (await import(moduleUrl)) as { work: () => number };
  const expected = work();
  const source = `${WORK}\nimport { parentPort } from 'node:worker_threads';\nparentPort.postMessage(work());`;
  const hashes = await Promise.all(
    Array.from({ length: 4 }, () => new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
      worker.once('message', (hash: number) => {
        resolve(hash);
        void worker.terminate();
      });
      worker.once('error', reject);
    })),
  );
  t.deepEqual(hashes, [expected, expected, expected, expected]);
});
