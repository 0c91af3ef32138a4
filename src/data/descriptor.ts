/**
 * What a dataset is, as numbers: its input width, its classes and its split. The one place MNIST's sizes are
 * written; the loader checks the files against them, the settings check and the planner bound batches by
 * them, estimates count work with them and models are sized by them.
 */
export interface DatasetDescriptor {
  readonly name: string;
  /** Inputs per example (pixels of a `side`×`side` image). */
  readonly features: number;
  readonly side: number;
  readonly classes: number;
  /** Examples in each split: training and validation are cut from one file, test is its own. */
  readonly split: { readonly train: number; readonly validation: number; readonly test: number };
}

/** The classic split: the first 50,000 training images train, the last 10,000 validate, t10k tests. */
export const MNIST: DatasetDescriptor = Object.freeze({
  name: 'mnist',
  features: 28 * 28,
  side: 28,
  classes: 10,
  split: Object.freeze({ train: 50_000, validation: 10_000, test: 10_000 }),
});

/** Every dataset a setting may name, by that name. */
export const DATASET_DESCRIPTORS = Object.freeze({ mnist: MNIST });
