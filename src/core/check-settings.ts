/**
 * The domain checks a library caller meets when it builds a model or trains without going through a
 * sweep file (sweep files get the same rules, with positions, from their schema).
 */
import { SettingsError } from '../errors.js';
import { ACTIVATIONS, DATASETS, INIT_METHODS, KERNEL_CHOICES, PRECISIONS, type TrainSettings } from './settings.js';

function oneOf<T extends string>(name: string, value: T, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new SettingsError(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  }
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new SettingsError(`${name} must be an integer ≥ 1 (got ${JSON.stringify(value)})`);
  }
}

export function checkSettings(s: TrainSettings): void {
  oneOf('dataset', s.dataset, DATASETS);
  oneOf('activation', s.activation, ACTIVATIONS);
  oneOf('init', s.init, INIT_METHODS);
  oneOf('precision', s.precision, PRECISIONS);
  oneOf('kernels', s.kernels, KERNEL_CHOICES);
  if (!Array.isArray(s.hidden_sizes)) throw new SettingsError(`hidden_sizes must be a list of integers`);
  s.hidden_sizes.forEach((h, i) => positiveInteger(`hidden_sizes[${i}]`, h));
  if (!(typeof s.learning_rate === 'number' && Number.isFinite(s.learning_rate) && s.learning_rate > 0)) {
    throw new SettingsError(`learning_rate must be a finite number > 0 (got ${JSON.stringify(s.learning_rate)})`);
  }
  positiveInteger('batch_size', s.batch_size);
  if (!Number.isSafeInteger(s.epochs) || s.epochs < 0) {
    throw new SettingsError(`epochs must be an integer ≥ 0 (got ${JSON.stringify(s.epochs)})`);
  }
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) {
    throw new SettingsError(`seed must be an integer ≥ 0 (got ${JSON.stringify(s.seed)})`);
  }
  if (s.train_limit !== null) positiveInteger('train_limit', s.train_limit);
}
