/**
 * Where a training run stands between two batches: what a checkpoint must hold, besides the parameters
 * and the example order, for the run to continue exactly as if it had never stopped.
 */
import type { EpochMetrics } from './metrics.js';
import type { RngState } from './rng.js';

export interface TrainingPosition {
  /** The epoch in progress, from 1: epochs 0 .. epoch−1 are measured (epochs + 1: training is over). */
  epoch: number;
  /** The next batch of that epoch to train; 0 means the epoch has not begun (its shuffle not yet drawn). */
  batch: number;
}

/** The running sums of the epoch in progress, over its batches before `position.batch` (zeros at batch 0). */
export interface EpochSums {
  loss_sum: number;
  correct: number;
  seen: number;
  /** Wall seconds of those batches' steps (a timing: carried on so train_seconds stays meaningful). */
  seconds: number;
}

export interface TrainingState {
  position: TrainingPosition;
  partial: EpochSums;
  /** The metrics of epochs 0 .. position.epoch − 1. */
  epochs: EpochMetrics[];
  /** Every random stream training still draws from (the init stream is spent: its draws are the parameters). */
  streams: { shuffle: RngState };
  /** Totals of the finished epochs' steps, for the throughput figure. */
  train_seconds: number;
  trained_examples: number;
}

/** A run between two batches: its state, example order and parameters, all a checkpoint holds. */
export interface TrainingSnapshot {
  state: TrainingState;
  order: Int32Array;
  /** In the model's layout order. When training hands one out, these are views of the live model: write or copy them at once. */
  parameters: { name: string; shape: number[]; values: Float32Array | Float64Array }[];
}
