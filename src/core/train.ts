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
import type { EpochSums, TrainingPosition, TrainingSnapshot } from './training-state.js';
import { ShapeError } from '../errors.js';

import { EVAL_ROWS } from './eval-rows.js';
export { EVAL_ROWS };

export interface TrainOptions {
  /** Called after epoch 0 and after every epoch, with that epoch's metrics. */
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Checked between batches; when it returns true training stops with an InterruptedError. */
  shouldStop?: () => boolean;
  /** Use this kernel set instead of the one the settings select (tests, benchmarks). */
  kernels?: Kernels;
  /** Called with the trained model when training ends without diverging (before the test pass). */
  onTrained?: (model: Mlp) => void;
  /** Continue from this snapshot of an earlier run of the same settings instead of from epoch 0. */
  resume?: TrainingSnapshot;
  /**
   * Checkpoints: `write` gets a snapshot after every epoch, at a batch boundary whenever `due()` says so,
   * and before an interruption stops training (its views are the live model's: write them at once).
   */
  checkpoint?: { due: () => boolean; write: (snapshot: TrainingSnapshot) => void };
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

/** Sets the model's parameters from a snapshot's tensors, by name (the checkpoint reader checked the shapes). */
function restoreParameters(model: Mlp, tensors: TrainingSnapshot['parameters']): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const own of model.tensors()) {
    const source = byName.get(own.name);
    if (source === undefined || source.values.length !== own.values.length) {
      throw new ShapeError(`the snapshot's ${own.name} does not fit the model's [${own.shape.join(', ')}]`);
    }
    own.values.set(source.values);
  }
}

/** A batch into the model's input: by its kernel set when the set can (same bits), else by gatherBatch. */
function gather(model: Mlp, split: Split, order: Int32Array | null, start: number, M: number): void {
  if (model.kernels.gatherBatch) model.kernels.gatherBatch(model.input, model.labels, split, order, start, M);
  else gatherBatch(model.input, model.labels, split, order, start, M);
}

/** Mean loss and accuracy of the model over a whole split. */
export function evaluateSplit(model: Mlp, split: Split): SplitMetrics {
  const rows = Math.min(model.capacity, EVAL_ROWS);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += rows) {
    const M = Math.min(rows, split.count - start);
    gather(model, split, null, start, M);
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

/**
 * One pass over the training examples in `order`, from batch `from.batch` with the sums of the batches
 * before it (a resumed epoch), or from the start. `checkpoint` gets the position and sums at a batch
 * boundary when its hook says one is due, and always before an interruption.
 */
function trainEpoch(
  model: Mlp,
  split: Split,
  order: Int32Array,
  settings: TrainSettings,
  options: TrainOptions,
  from: { batch: number; sums: EpochSums | null },
  checkpoint: (batch: number, sums: EpochSums) => void,
): EpochPass {
  const sums = from.sums;
  const pass: EpochPass = { lossSum: sums?.loss_sum ?? 0, correct: sums?.correct ?? 0, seen: sums?.seen ?? 0, seconds: sums?.seconds ?? 0, diverged: null };
  let t0 = performance.now();
  for (let batch = from.batch, start = from.batch * settings.batch_size; start < split.count; start += settings.batch_size, batch++) {
    const stopping = options.shouldStop?.() ?? false;
    // at batch 0 the last epoch's checkpoint already says the same (this epoch's shuffle is redrawn)
    if (batch > 0 && options.checkpoint && (stopping || options.checkpoint.due())) {
      pass.seconds += (performance.now() - t0) / 1000;
      checkpoint(batch, { loss_sum: pass.lossSum, correct: pass.correct, seen: pass.seen, seconds: pass.seconds });
      t0 = performance.now();
    }
    if (stopping) throw new TrainingInterrupted();
    const M = Math.min(settings.batch_size, split.count - start);
    gather(model, split, order, start, M);
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
  pass.seconds += (performance.now() - t0) / 1000;
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

  const resume = options.resume;
  if (resume) {
    restoreParameters(model, resume.parameters);
    order.set(resume.order);
    shuffleRng.restore(resume.state.streams.shuffle);
    log.epochs.push(...resume.state.epochs.map((m) => ({ ...m })));
    trainSeconds = resume.state.train_seconds;
    trainedExamples = resume.state.trained_examples;
  } else {
    log.record(zeroShot(model, dataset));
  }
  const snapshot = (position: TrainingPosition, partial: EpochSums): TrainingSnapshot => ({
    state: {
      position,
      partial,
      epochs: log.epochs.map((m) => ({ ...m })),
      streams: { shuffle: shuffleRng.state() },
      train_seconds: trainSeconds,
      trained_examples: trainedExamples,
    },
    order,
    parameters: model.tensors().map(({ name, shape, values }) => ({ name, shape, values })),
  });

  const first = resume?.state.position ?? { epoch: 1, batch: 0 };
  for (let epoch = first.epoch; epoch <= settings.epochs && log.divergence === null; epoch++) {
    // an epoch resumed at batch b > 0 already has its order and its sums over batches 0..b−1
    const inside = epoch === first.epoch && first.batch > 0;
    if (!inside) shuffleRng.shuffle(order);
    const from = inside ? { batch: first.batch, sums: resume!.state.partial } : { batch: 0, sums: null };
    const pass = trainEpoch(model, trainSplit, order, settings, options, from, (batch, sums) =>
      options.checkpoint!.write(snapshot({ epoch, batch }, sums)),
    );
    trainSeconds += pass.seconds;
    trainedExamples += pass.seen;
    if (pass.diverged !== null) {
      log.divergence = { epoch, ...pass.diverged };
      break;
    }
    log.record(epochMetrics(epoch, pass, model, dataset));
    if (log.divergence === null) options.checkpoint?.write(snapshot({ epoch: epoch + 1, batch: 0 }, { loss_sum: 0, correct: 0, seen: 0, seconds: 0 }));
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
