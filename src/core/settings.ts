/**
 * The settings of one training run: the plain record that a sweep's planner produces for every job,
 * that a worker trains from, and that the journal stores. Keys are snake_case because the same names
 * appear in sweep files, journal records and CSV columns: one name per setting, everywhere.
 */

export const INIT_METHODS = ['zeros', 'glorot', 'normal'] as const;
export type InitMethod = (typeof INIT_METHODS)[number];

export const PRECISIONS = ['float32', 'float64'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const KERNEL_CHOICES = ['auto', 'reference', 'wasm', 'native'] as const;
export type KernelChoice = (typeof KERNEL_CHOICES)[number];

export const ACTIVATIONS = ['relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const DATASETS = ['mnist'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface TrainSettings {
  dataset: DatasetName;
  /** Widths of the hidden layers, input side first; [] is softmax regression. */
  hidden_sizes: number[];
  activation: Activation;
  init: InitMethod;
  learning_rate: number;
  batch_size: number;
  /** Passes over the training set; epoch 0 (before training) is always measured too. */
  epochs: number;
  precision: Precision;
  kernels: KernelChoice;
  /** The one seed every random choice of the run derives from (init and shuffles). */
  seed: number;
  /** Train on the first N training examples only (null: all 50,000). For quick runs and tests. */
  train_limit: number | null;
}

/** The study's setting: 784-512-1024-10, glorot, lr 0.1, batch 200, 10 epochs. */
export const DEFAULT_SETTINGS: Readonly<TrainSettings> = Object.freeze({
  dataset: 'mnist',
  hidden_sizes: [512, 1024],
  activation: 'relu',
  init: 'glorot',
  learning_rate: 0.1,
  batch_size: 200,
  epochs: 10,
  precision: 'float32',
  kernels: 'auto',
  seed: 1,
  train_limit: null,
});

/** Fills every setting not given from the defaults; nothing downstream meets `undefined`. */
export function resolveSettings(partial: Partial<TrainSettings> = {}): TrainSettings {
  const merged = { ...DEFAULT_SETTINGS, ...partial };
  return { ...merged, hidden_sizes: [...merged.hidden_sizes] };
}
