/**
 * What checkpointing costs per epoch for the study's network (784-512-1024-10, float32, 50,000
 * examples): encoding (safetensors + sha256), the atomic write (write, fsync, rename, folder fsync),
 * and the read and checks of a resume, against the time of one epoch's training steps and validation.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeCheckpoint, type Checkpoint } from '../src/journal/checkpoint/record.js';
import { expectedTensors } from '../src/execute/job-checkpoints.js';
import { loadCheckpoint, saveCheckpoint } from '../src/journal/checkpoint/store.js';
import { Rng } from '../src/core/rng.js';
import { resolveSettings } from '../src/core/settings.js';
import { EVAL_ROWS, createModel, evaluateSplit } from '../src/core/train.js';
import { type Dataset, gatherBatch } from '../src/data/dataset.js';
import { median, timeRuns } from './stats.js';

export function benchCheckpoint(dataset: Dataset, options: { runs: number; quick: boolean }): string[] {
  const settings = resolveSettings({ hidden_sizes: [512, 1024] });
  const model = createModel(settings, { capacity: Math.max(settings.batch_size, EVAL_ROWS) });
  const steps = options.quick ? 5 : 40;
  const stepSeconds = median(
    timeRuns(options.runs, () => {
      for (let s = 0; s < steps; s++) {
        gatherBatch(model.input, model.labels, dataset.train, null, (s * 200) % 49_800, 200);
        model.lossAndGradient(200);
        model.step(0.1);
      }
    }),
  ) / steps;
  const validationSeconds = median(timeRuns(options.quick ? 1 : Math.min(3, options.runs), () => void evaluateSplit(model, dataset.validation)));
  const epochSeconds = stepSeconds * Math.ceil(dataset.train.count / settings.batch_size) + validationSeconds;

  const shuffle = new Rng(1, 'shuffle');
  const order = Int32Array.from({ length: dataset.train.count }, (_, i) => i);
  shuffle.shuffle(order);
  const checkpoint: Checkpoint = {
    job_id: '000000000000',
    code_version: 1,
    dataset_digest: dataset.digest,
    state: {
      position: { epoch: 2, batch: 0 },
      partial: { loss_sum: 0, correct: 0, seen: 0, seconds: 0 },
      epochs: [
        { epoch: 0, train_loss: null, train_accuracy: null, validation_loss: 2.3, validation_accuracy: 0.1, train_seconds: 0 },
        { epoch: 1, train_loss: 0.3, train_accuracy: 0.9, validation_loss: 0.2, validation_accuracy: 0.94, train_seconds: 10 },
      ],
      streams: { shuffle: shuffle.state() },
      train_seconds: 0,
      trained_examples: 0,
    },
    order,
    parameters: model.tensors().map(({ name, shape, values }) => ({ name, shape, values })),
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-bench-checkpoint-'));
  const file = path.join(dir, 'checkpoints', '000000000000.safetensors');
  try {
    const encode = timeRuns(options.runs, () => void encodeCheckpoint(checkpoint)).map((s) => s * 1000);
    const save = timeRuns(options.runs, () => saveCheckpoint(file, checkpoint)).map((s) => s * 1000);
    const expectation = {
      jobId: checkpoint.job_id,
      codeVersion: 1,
      datasetDigest: dataset.digest,
      tensors: expectedTensors(settings, dataset),
      dtype: 'F32' as const,
      trainCount: dataset.train.count,
      batchSize: settings.batch_size,
      epochs: settings.epochs,
    };
    const load = timeRuns(options.runs, () => {
      const loaded = loadCheckpoint(file, expectation);
      if (loaded.checkpoint === null) throw new Error(`the benchmark checkpoint did not load: ${loaded.warning}`);
    }).map((s) => s * 1000);
    const bytes = statSync(file).size;
    const ms = median(save);
    return [
      '## Checkpoint cost per epoch, 784-512-1024-10, float32, 50,000 examples (median of runs; indicative on a loaded machine)',
      '',
      `| file | encode (incl. sha256) | write (encode + write + fsync + rename) | read + checks (resume) | one epoch (${model.kernels.name}) | write as % of an epoch |`,
      '|---|---|---|---|---|---|',
      `| ${(bytes / 1e6).toFixed(2)} MB | ${median(encode).toFixed(1)} ms | ${ms.toFixed(1)} ms | ${median(load).toFixed(1)} ms | ` +
        `${epochSeconds.toFixed(1)} s | ${((100 * ms) / (epochSeconds * 1000)).toFixed(2)} % |`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
