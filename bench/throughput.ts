/**
 * Training and validation throughput of 784-512-1024-10 at batch 200 on one thread, for every kernel
 * set that loads here: training steps (forward, backward, update) and validation passes on real
 * MNIST batches, as the median of several runs.
 */
import { createModel, EVAL_ROWS } from '../src/core/train.js';
import { gatherBatch } from '../src/data/dataset.js';
import type { Dataset } from '../src/data/dataset.js';
import { MNIST } from '../src/data/descriptor.js';
import { kernelProviders } from '../src/kernels/registry.js';
import { median, spread, timeRuns } from './stats.js';

export interface ThroughputFigure {
  kernels: string;
  detail: string;
  train_examples_per_second: number;
  validation_examples_per_second: number;
  /** Seconds a training epoch (MNIST's 50,000 examples) takes at that rate. */
  epoch_seconds: number;
}

export function benchThroughput(dataset: Dataset, options: { runs?: number; quick?: boolean } = {}): {
  figures: ThroughputFigure[];
  lines: string[];
} {
  const runs = options.runs ?? 5;
  const figures: ThroughputFigure[] = [];
  const lines = ['## Training throughput, 784-512-1024-10, batch 200, float32, one thread (median of runs)', ''];
  lines.push('| kernel set | train examples/s | validation examples/s | s per 50,000-example epoch |', '|---|---|---|---|');
  for (const provider of kernelProviders()) {
    const reason = provider.unavailableReason();
    if (reason !== null) {
      lines.push(`| ${provider.name} | unavailable: ${reason} | | |`);
      continue;
    }
    const kernels = provider.create('float32');
    const model = createModel({ hidden_sizes: [512, 1024], seed: 1 }, { capacity: Math.max(200, EVAL_ROWS), kernels });
    // the reference set is ~50× slower: fewer steps keep the benchmark short, the rate is the same
    const steps = provider.name === 'reference' || options.quick ? 4 : 40;
    const train = timeRuns(runs, () => {
      for (let s = 0; s < steps; s++) {
        gatherBatch(model.input, model.labels, dataset.train, null, (s * 200) % 49_800, 200);
        model.lossAndGradient(200);
        model.step(0.1);
      }
    }).map((sec) => (steps * 200) / sec);
    const evalBatches = provider.name === 'reference' || options.quick ? 2 : 20;
    const validation = timeRuns(runs, () => {
      for (let b = 0; b < evalBatches; b++) {
        gatherBatch(model.input, model.labels, dataset.validation, null, (b * EVAL_ROWS) % 9_500, EVAL_ROWS);
        model.evaluate(EVAL_ROWS);
      }
    }).map((sec) => (evalBatches * EVAL_ROWS) / sec);
    const figure: ThroughputFigure = {
      kernels: provider.name,
      detail: kernels.detail,
      train_examples_per_second: median(train),
      validation_examples_per_second: median(validation),
      epoch_seconds: MNIST.split.train / median(train),
    };
    figures.push(figure);
    lines.push(
      `| ${provider.name} (${kernels.detail}) | ${figure.train_examples_per_second.toFixed(0)} (${spread(train)}) | ` +
        `${figure.validation_examples_per_second.toFixed(0)} (${spread(validation)}) | ${figure.epoch_seconds.toFixed(1)} |`,
    );
  }
  return { figures, lines };
}
