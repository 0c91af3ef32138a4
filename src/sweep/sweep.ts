/**
 * A validated sweep, normalised once so that nothing downstream meets `undefined`: every list is present
 * (maybe empty), axes keep the order they were written in. This is what the planner takes.
 */
import type { RunSettings } from '../core/run-settings.js';
import type { TrainSettings } from '../core/settings.js';
import type { SettingName, SettingsPatch, SweepKind } from './schema.js';
import type { EarlyStopping, RandomSearch } from './search/search.js';

/** One axis of the grid (or a column of the zip): a setting and its values, in file order. */
export type Axis = { [K in SettingName]: { key: K; values: TrainSettings[K][] } }[SettingName];

/** A configuration listed by name under `runs:`; the name labels its jobs and is not part of their ids. */
export interface NamedRun {
  name: string;
  settings: SettingsPatch;
}

export interface Sweep {
  kind: SweepKind;
  /** Names the results folder; a safe single path segment. */
  name: string;
  description: string;
  /** Settings shared by every job; anything not set here or elsewhere takes the core's default. */
  fixed: SettingsPatch;
  runs: NamedRun[];
  /** Cartesian product, first axis outermost. */
  grid: Axis[];
  /** Columns varied together: row i takes the i-th value of every column. All columns have equal length. */
  zip: Axis[];
  exclude: SettingsPatch[];
  /** Where each exclude entry is written: `['exclude', 0]`, or `['grid', 'exclude', 0]` when nested in grid. */
  excludeAt?: (string | number)[][];
  include: SettingsPatch[];
  /** Where each include entry is written: `['include', 0]`, or `['grid', 'include', 0]` when nested in grid. */
  includeAt: (string | number)[][];
  /** The replicate axis; null when the file gives none (each job then has the seed its settings say, 1 by default). */
  seeds: number[] | null;
  /** Checkpoints and kept models, resolved (top-level keys of the file). */
  run: RunSettings;
  /** A random search (`search: {method: random}`); null otherwise (`method: grid` is normalised into `grid`). */
  search: RandomSearch | null;
  /** ASHA early stopping; null when every job trains for its epochs. */
  earlyStopping: EarlyStopping | null;
}
