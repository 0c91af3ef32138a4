/**
 * A random search's points: trial i takes, for each setting of the space, the value its distribution gives
 * for uniformAt(seed, i, setting). Pure: the same search gives the same trials, and trial i does not depend
 * on how many trials there are.
 */
import { show, type Problem } from '../diagnostics.js';
import { describeValues, type Point } from '../points.js';
import { sample } from './distributions.js';
import type { RandomSearch } from './search.js';
import { validFor } from './settings-check.js';
import { uniformAt } from './stream.js';

export function trialValues(search: RandomSearch, trial: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { key, distribution } of search.space) values[key] = sample(distribution, uniformAt(search.seed, trial, key));
  return values;
}

export function trialPoints(search: RandomSearch): Point[] {
  const points: Point[] = [];
  for (let trial = 0; trial < search.trials; trial++) {
    const values = trialValues(search, trial);
    const sources: Point['sources'] = {};
    for (const { key } of search.space) sources[key] = ['search', 'space', key];
    points.push({ values, sources, origin: ['search', 'trials'], name: null, label: `trial ${trial} (${describeValues(values)})` });
  }
  return points;
}

/**
 * Every sampled value checked against its setting's schema: ranges.ts makes a range whose values all pass,
 * so this finds nothing unless that reasoning has a gap, and then no job with an invalid setting is planned.
 */
export function sampledValueProblems(search: RandomSearch, points: readonly Point[]): Problem[] {
  for (const [trial, point] of points.entries()) {
    for (const { key } of search.space) {
      if (validFor(key, point.values[key])) continue;
      return [{ path: ['search', 'space', key], message: `gives trial ${trial} the value ${show(point.values[key])}, which is not a valid ${key}`, got: show(point.values[key]) }];
    }
  }
  return [];
}
