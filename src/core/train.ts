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

/** What a model is built for besides its settings; every field has a default. */
export interface ModelOptions {
  /** Inputs and classes of the data (default: those of the dataset the settings name). */
  inputs?: number;
  classes?: number;
  /** Rows of the largest batch the model takes (default: the batch size, or EVAL_ROWS if larger). */
  capacity?: number;
  /** Use this kernel set instead of the one the settings select (tests, benchmarks). */
  kernels?: Kernels;
}

/** A model for these settings, initialised from the settings' seed. Refuses settings the schema refuses. */
export function createModel(given: Partial<TrainSettings>, options: ModelOptions = {}): Mlp {
  const s = checkSettings(given);
  const data = datasetOf(s);
  const sizes = [options.inputs ?? data.features, ...s.hidden_sizes, options.classes ?? data.classes];
  const kernels = options.kernels ?? createKernels(s.kernels, s.precision);
  const model = new Mlp(sizes, kernels, options.capacity ?? Math.max(s.batch_size, EVAL_ROWS));
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

/** One pass over the training examples in `order`: its sums, or where the loss stopped being finite. */
interface EpochPass {
  lossSum: number;
  correct: number;
  seen: number;
  seconds: number;
  /** The batch whose loss was not finite (training stopped there), or null. */
  diverged: { batch: number; loss: number } | null;
}

function trainEpoch(model: Mlp, split: Split, order: Int32Array, settings: TrainSettings, options: TrainOptions): EpochPass {
  const t0 = performance.now();
  const pass: EpochPass = { lossSum: 0, correct: 0, seen: 0, seconds: 0, diverged: null };
  for (let start = 0, batch = 0; start < split.count; start += settings.batch_size, batch++) {
    if (options.shouldStop?.()) throw new TrainingInterrupted();
    const M = Math.min(settings.batch_size, split.count - start);
    gatherBatch(model.input, model.labels, split, order, start, M);
    const stats = model.lossAndGradient(M);
    if (!Number.isFinite(stats.lossSum)) {
      pass.diverged = { batch, loss: stats.lossSum / M };
      break;
    }
    model.step(settings.learning_rate);
    pass.lossSum += stats.lossSum;
    pass.correct += stats.correct;
    pass.seen += M;
  }
  pass.seconds = (performance.now() - t0) / 1000;
  return pass;
}

/** The epochs measured so far, and the first divergence among them (a non-finite validation loss). */
class EpochLog {
  readonly epochs: EpochMetrics[] = [];
  divergence: Divergence | null = null;

  constructor(private readonly onEpoch: TrainOptions['onEpoch']) {}

  record(metrics: EpochMetrics): void {
    this.epochs.push(metrics);
    this.onEpoch?.(metrics);
    if (this.divergence === null && !Number.isFinite(metrics.validation_loss)) {
      this.divergence = { epoch: metrics.epoch, batch: null, loss: metrics.validation_loss };
    }
  }
}

/** The validation metrics before any training: epoch 0. */
function zeroShot(model: Mlp, dataset: Dataset): EpochMetrics {
  const validation = evaluateSplit(model, dataset.validation);
  return {
    epoch: 0,
    train_loss: null,
    train_accuracy: null,
    validation_loss: validation.loss,
    validation_accuracy: validation.accuracy,
    train_seconds: 0,
  };
}

/** An epoch's metrics: its training sums and the validation pass after it. */
function epochMetrics(epoch: number, pass: EpochPass, model: Mlp, dataset: Dataset): EpochMetrics {
  const validation = evaluateSplit(model, dataset.validation);
  return {
    epoch,
    train_loss: pass.lossSum / pass.seen,
    train_accuracy: pass.correct / pass.seen,
    validation_loss: validation.loss,
    validation_accuracy: validation.accuracy,
    train_seconds: pass.seconds,
  };
}

/** Trains one model with these settings on the dataset and returns every metric of the run. */
export function train(given: Partial<TrainSettings>, dataset: Dataset, options: TrainOptions = {}): TrainOutcome {
  const started = performance.now();
  const settings = checkSettings(given);
  const model = createModel(settings, {
    inputs: dataset.train.features,
    classes: dataset.classes,
    kernels: options.kernels,
  });
  const trainSplit = settings.train_limit === null ? dataset.train : takeFirst(dataset.train, settings.train_limit);
  const shuffleRng = new Rng(settings.seed, 'shuffle');
  const order = Int32Array.from({ length: trainSplit.count }, (_, i) => i);
  const log = new EpochLog(options.onEpoch);
  let trainSeconds = 0;
  let trainedExamples = 0;

  log.record(zeroShot(model, dataset));
  for (let epoch = 1; epoch <= settings.epochs && log.divergence === null; epoch++) {
    shuffleRng.shuffle(order);
    const pass = trainEpoch(model, trainSplit, order, settings, options);
    trainSeconds += pass.seconds;
    trainedExamples += pass.seen;
    if (pass.diverged !== null) {
      log.divergence = { epoch, ...pass.diverged };
      break;
    }
    log.record(epochMetrics(epoch, pass, model, dataset));
  }

  const { epochs, divergence } = log;
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
