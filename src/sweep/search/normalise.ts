/** `search:` and `early_stopping:` as validated → the normalised records (search.ts), every default filled in. */
import type { SettingName } from '../../core/settings-schema.js';
import type { Axis } from '../sweep.js';
import { readDistribution } from './ranges.js';
import type { EarlyStoppingFile, SearchFile } from './schema.js';
import {
  DEFAULT_REDUCTION_FACTOR,
  DEFAULT_SEARCH_SEED,
  DEFAULT_STOPPING_METRIC,
  type EarlyStopping,
  type Parameter,
  type RandomSearch,
} from './search.js';

function parameters(space: SearchFile['space']): Parameter[] {
  return Object.entries(space).map(([key, entry]) => ({ key: key as SettingName, distribution: readDistribution(entry)! }));
}

export function normaliseSearch(search: SearchFile | undefined): { search: RandomSearch | null; grid: Axis[] } {
  if (search === undefined) return { search: null, grid: [] };
  const space = parameters(search.space);
  if (search.method === 'grid') {
    // checks.ts has made sure every entry is a choice list
    const grid = space.map(({ key, distribution }) => ({ key, values: distribution.kind === 'choice' ? distribution.values : [] }) as Axis);
    return { search: null, grid };
  }
  return { search: { trials: search.trials!, seed: search.seed ?? DEFAULT_SEARCH_SEED, space }, grid: [] };
}

export function normaliseEarlyStopping(stopping: EarlyStoppingFile | undefined): EarlyStopping | null {
  if (stopping === undefined) return null;
  return {
    method: stopping.method,
    metric: stopping.metric ?? DEFAULT_STOPPING_METRIC,
    minEpochs: stopping.min_epochs ?? 1,
    maxEpochs: stopping.max_epochs,
    reductionFactor: stopping.reduction_factor ?? DEFAULT_REDUCTION_FACTOR,
  };
}
