/**
 * Training: minibatch SGD with a fresh seeded shuffle every epoch, a partial last batch kept,
 * metrics at epoch 0 (before training) and after every epoch, test metrics at the end.
 * A non-finite loss stops the run and reports it as diverged, with the metrics so far.
 */
import { performance } from 'node:perf_hooks';
import { type Dataset, type Split, gatherBatch, takeFirst } from '../data/dataset.js';
import { createKernels } from '../kernels/registry.js';
import type { Kernels } from '../kernels/types.js';
import { initialize } from './init.js';
import type { Divergence, EpochMetrics, SplitMetrics, TrainOutcome } from './metrics.js';
import { Mlp } from './model.js';
import { Rng } from './rng.js';
import type { TrainSettings } from './settings.js';
import { checkSettings, datasetOf } from './check-settings.js';

/** Rows per evaluation batch: large enough to amortise calls, small enough to keep memory low. */
export const EVAL_ROWS = 500;

export interface TrainOptions {
  /** Called after epoch 0 and after every epoch, with that epoch's metrics. */
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Checked between batches; when it returns true training stops with an InterruptedError. */
  shouldStop?: () => boolean;
  /** Use this kernel set instead of the one the settings select (tests, benchmarks). */
  kernels?: Kernels;
  /** Called with the trained model when training ends without diverging (before the test pass). */
  onTrained?: (model: Mlp) => void;
}

// it lives with the other errors; re-exported here, where training throws it
import { TrainingInterrupted } from '../errors.js';
export { TrainingInterrupted };

/** A model for these settings, initialised from the settings' seed, able to take batches of `capacity` rows. */
export function createModel(
  settings: Partial<TrainSettings> & { inputs?: number; classes?: number },
  capacity?: number,
  kernels?: Kernels,
): Mlp {
  const { inputs, classes, ...given } = settings;
  const s = checkSettings(given);
  const sizes = [inputs ?? datasetOf(s).features, ...s.hidden_sizes, classes ?? datasetOf(s).classes];
  const model = new Mlp(sizes, kernels ?? createKernels(s.kernels, s.precision), capacity ?? Math.max(s.batch_size, EVAL_ROWS));
  initialize(model, s.init, new Rng(s.seed, 'init'));
  return model;
}

/** Mean loss and accuracy of the model over a whole split. */
export function evaluateSplit(model: Mlp, split: Split): SplitMetrics {
  const rows = Math.min(model.capacity, EVAL_ROWS);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += rows) {
    const M = Math.min(rows, split.count - start);
    gatherBatch(model.input, model.labels, split, null, start, M);
    const stats = model.evaluate(M);
    lossSum += stats.lossSum;
    correct += stats.correct;
  }
  return { loss: lossSum / split.count, accuracy: correct / split.count };
}

/** Trains one model with these settings on the dataset and returns every metric of the run. */
export function train(partial: Partial<TrainSettings>, dataset: Dataset, options: TrainOptions = {}): TrainOutcome {
  const started = performance.now();
  const settings = checkSettings(partial);
  const model = createModel(
    { ...settings, inputs: dataset.train.features, classes: dataset.classes },
    undefined,
    options.kernels,
  );
  const trainSplit = settings.train_limit === null ? dataset.train : takeFirst(dataset.train, settings.train_limit);
  const shuffleRng = new Rng(settings.seed, 'shuffle');
  const order = Int32Array.from({ length: trainSplit.count }, (_, i) => i);
  const epochs: EpochMetrics[] = [];
  let divergence: Divergence | null = null;
  let trainSeconds = 0;
  let trainedExamples = 0;

  const record = (metrics: EpochMetrics): void => {
    epochs.push(metrics);
    options.onEpoch?.(metrics);
    if (divergence === null && !Number.isFinite(metrics.validation_loss)) {
      divergence = { epoch: metrics.epoch, batch: null, loss: metrics.validation_loss };
    }
  };

  const zeroShot = evaluateSplit(model, dataset.validation);
  record({
    epoch: 0,
    train_loss: null,
    train_accuracy: null,
    validation_loss: zeroShot.loss,
    validation_accuracy: zeroShot.accuracy,
    train_seconds: 0,
  });

  for (let epoch = 1; epoch <= settings.epochs && divergence === null; epoch++) {
    shuffleRng.shuffle(order);
    const t0 = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let start = 0, batch = 0; start < trainSplit.count; start += settings.batch_size, batch++) {
      if (options.shouldStop?.()) throw new TrainingInterrupted();
      const M = Math.min(settings.batch_size, trainSplit.count - start);
      gatherBatch(model.input, model.labels, trainSplit, order, start, M);
      const stats = model.lossAndGradient(M);
      if (!Number.isFinite(stats.lossSum)) {
        divergence = { epoch, batch, loss: stats.lossSum / M };
        break;
      }
      model.step(settings.learning_rate);
      lossSum += stats.lossSum;
      correct += stats.correct;
      seen += M;
    }
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    trainedExamples += seen;
    if (divergence !== null) break;
    const validation = evaluateSplit(model, dataset.validation);
    record({
      epoch,
      train_loss: lossSum / seen,
      train_accuracy: correct / seen,
      validation_loss: validation.loss,
      validation_accuracy: validation.accuracy,
      train_seconds: seconds,
    });
  }

  if (divergence === null) options.onTrained?.(model);
  const test = divergence === null ? evaluateSplit(model, dataset.test) : null;
  return {
    status: divergence === null ? 'ok' : 'diverged',
    epochs,
    test,
    divergence,
    kernels: model.kernels.name,
    kernel_detail: model.kernels.detail,
    train_examples_per_second: trainSeconds > 0 ? trainedExamples / trainSeconds : 0,
    wall_seconds: (performance.now() - started) / 1000,
  };
}
