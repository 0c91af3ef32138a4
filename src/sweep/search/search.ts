/**
 * A random search and an early-stopping rule, normalised (every default filled in): what the planner and
 * the runner take. The file's form is schema.ts.
 */
import type { SettingName } from '../../core/settings-schema.js';
import type { StoppingMetric } from './schema.js';

/** A distribution to sample one setting from; `low` and `high` are both included. */
export type Distribution =
  | { kind: 'uniform' | 'log_uniform' | 'int_uniform'; low: number; high: number }
  | { kind: 'q_uniform' | 'q_log_uniform'; low: number; high: number; q: number }
  | { kind: 'choice'; values: unknown[] };

export interface Parameter {
  key: SettingName;
  distribution: Distribution;
}

/** `search: {method: random}`; `method: grid` becomes grid axes when the file is validated. */
export interface RandomSearch {
  trials: number;
  /** The sampler's seed: trial i's settings depend on (seed, i) alone. */
  seed: number;
  /** In file order (the order does not change any sampled value: each setting has its own stream). */
  space: Parameter[];
}

export interface EarlyStopping {
  method: 'asha';
  metric: StoppingMetric;
  /** The first rung, in epochs (ASHA's grace period). */
  minEpochs: number;
  /** The budget of a trial that is never stopped; replaces `epochs`. */
  maxEpochs: number;
  /** η: each rung keeps the best 1/η and trains them η times longer. */
  reductionFactor: number;
}

export const DEFAULT_SEARCH_SEED = 1;
export const DEFAULT_REDUCTION_FACTOR = 3;
export const DEFAULT_STOPPING_METRIC: StoppingMetric = 'validation_accuracy';
