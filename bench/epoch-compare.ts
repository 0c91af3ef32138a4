/**
 * One epoch of the study's setting (784-512-1024-10, glorot, lr 0.1, batch 200, all 50,000 training
 * examples, seed 1) on the wasm set and on the reference set in float32: the validation accuracy must
 * agree within 0.3 points. Too slow for `npm test` (the reference epoch takes minutes); the test suite
 * runs the same comparison on a 5,000-example slice.
 *
 *   node dist/bench/epoch-compare.js [--seed N]       exits 1 when the accuracies differ by more
 */
import { pathToFileURL } from 'node:url';
import { train } from '../src/core/train.js';
import { loadMnist } from '../src/data/mnist.js';
import { createReferenceKernels } from '../src/kernels/reference.js';
import { createWasmKernels } from '../src/kernels/wasm/kernels.js';

export const MAX_POINTS = 0.3;

export interface EpochComparison {
  lines: string;
  points: number;
}

export function compareEpoch(seed = 1): EpochComparison {
  const data = loadMnist();
  const settings = { hidden_sizes: [512, 1024], init: 'glorot', learning_rate: 0.1, batch_size: 200, epochs: 1, seed } as const;
  const runs = [
    { label: 'wasm', kernels: createWasmKernels() },
    { label: 'reference float32', kernels: createReferenceKernels('float32') },
  ].map(({ label, kernels }) => {
    const outcome = train({ ...settings, hidden_sizes: [...settings.hidden_sizes] }, data, { kernels });
    const last = outcome.epochs[outcome.epochs.length - 1];
    return { label, detail: kernels.detail, last, outcome };
  });
  const [wasm, reference] = runs;
  const points = 100 * Math.abs(wasm.last.validation_accuracy - reference.last.validation_accuracy);
  const lines = [
    `one epoch of 784-512-1024-10, glorot, lr 0.1, batch 200, 50,000 examples, seed ${seed}`,
    ...runs.map(
      (r) =>
        `  ${r.label.padEnd(18)} validation accuracy ${(100 * r.last.validation_accuracy).toFixed(2)}%  ` +
        `loss ${r.last.validation_loss.toFixed(5)}  train ${r.last.train_seconds.toFixed(1)} s  (${r.detail})`,
    ),
    `  difference ${points.toFixed(2)} points (must be ≤ ${MAX_POINTS}): ${points <= MAX_POINTS ? 'ok' : 'FAILED'}`,
  ];
  return { lines: lines.join('\n'), points };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--seed');
  const { lines, points } = compareEpoch(at > 0 ? Number(process.argv[at + 1]) : 1);
  process.stdout.write(`${lines}\n`);
  process.exitCode = points <= MAX_POINTS ? 0 : 1;
}
