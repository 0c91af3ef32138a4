/**
 * The checks of `search:` and `early_stopping:` that a schema cannot express, on the raw file value (so
 * they run, defensively, even when the schema found problems). `covered` lists the places whose schema
 * problems these checks replace with one better message (an entry in W&B's or Hydra's syntax).
 */
import { show, type Path, type Problem } from '../diagnostics.js';
import { distributionProblems, readDistribution } from './ranges.js';
import { foreignEntryProblem } from './foreign.js';
import { NUMERIC_SETTINGS } from './schema.js';
import { isSettingName } from './settings-check.js';

type Mapping = Record<string, unknown>;

function mapping(value: unknown): Mapping | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Mapping) : undefined;
}

export interface SearchChecks {
  problems: Problem[];
  covered: Path[];
}

/** Parts of a file that enumerate points, which a random search does not combine with. */
const POINT_PARTS = ['grid', 'zip', 'runs', 'include', 'exclude'] as const;

export function searchChecks(file: Mapping): SearchChecks {
  const problems: Problem[] = [];
  const covered: Path[] = [];
  const search = mapping(file.search);
  const space = mapping(search?.space) ?? {};
  const fixed = mapping(file.fixed) ?? {};
  if (search) {
    for (const [key, entry] of Object.entries(space)) {
      if (!isSettingName(key)) continue; // the schema names it, with its did-you-mean
      const at = ['search', 'space', key];
      if (key === 'seed') {
        problems.push({ path: at, message: 'is not searched: seeds are the replicate axis', got: show(key), hint: 'remove seed from search.space, and list the seeds under seeds', atKey: true });
        continue;
      }
      // The issue's own example fixes batch_size and searches it: the search's value wins, and the file says so.
      if (key in fixed) {
        problems.push({ path: ['fixed', key], message: `is searched (search.space.${key}), so every trial's own value replaces this one`, got: show(fixed[key]), hint: `remove ${key} from fixed to silence this`, atKey: true, severity: 'notice' });
      }
      const foreign = foreignEntryProblem(key, entry, at);
      if (foreign) {
        problems.push(foreign);
        covered.push(at);
        continue;
      }
      const distribution = readDistribution(entry);
      // a range for a setting that is not a number is the schema's to report
      if (!distribution || (distribution.kind !== 'choice' && !(NUMERIC_SETTINGS as readonly string[]).includes(key))) continue;
      if (search.method === 'grid' && distribution.kind !== 'choice') {
        problems.push({ path: [...at, distribution.kind], message: 'cannot be enumerated: a grid search takes choice lists', got: show(distribution.kind), hint: 'list the values with {choice: [...]}, or use method: random', atKey: true });
        continue;
      }
      problems.push(...distributionProblems(key, distribution, at));
    }
    problems.push(...methodProblems(file, search));
  }
  problems.push(...earlyStoppingProblems(file, space));
  return { problems, covered };
}

function methodProblems(file: Mapping, search: Mapping): Problem[] {
  const problems: Problem[] = [];
  if (search.method === 'random') {
    if (search.trials === undefined) problems.push({ path: ['search', 'trials'], message: 'is required for a random search', hint: 'trials: 20 samples 20 configurations' });
    for (const part of POINT_PARTS) {
      if (file[part] === undefined) continue;
      problems.push({
        path: [part],
        message: 'is not combined with a random search, which samples every point',
        got: show(part),
        hint: part === 'grid' ? 'move each grid axis into search.space as {choice: [...]}' : `remove ${part}, or make it a sweep of its own`,
        atKey: true,
      });
    }
  }
  if (search.method === 'grid') {
    if (search.trials !== undefined) problems.push({ path: ['search', 'trials'], message: 'is for a random search; a grid search runs every combination', got: show(search.trials), hint: 'remove trials, or use method: random', atKey: true });
    if (search.seed !== undefined) problems.push({ path: ['search', 'seed'], message: 'is for a random search; a grid search samples nothing', got: show(search.seed), hint: 'remove search.seed (the training seeds are seeds:)', atKey: true });
    if (file.grid !== undefined) problems.push({ path: ['grid'], message: 'is given twice: as grid and as search with method grid', got: show('grid'), hint: 'keep one of them', atKey: true });
  }
  return problems;
}

function earlyStoppingProblems(file: Mapping, space: Mapping): Problem[] {
  const stopping = mapping(file.early_stopping);
  if (!stopping) return [];
  const problems: Problem[] = [];
  const min = stopping.min_epochs ?? 1;
  const max = stopping.max_epochs;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({ path: ['early_stopping', 'min_epochs'], message: `is the first rung, so it must be at most max_epochs (${max})`, got: show(min) });
  }
  if (file.kind === 'gradcheck') {
    problems.push({ path: ['early_stopping'], message: 'stops training runs; a gradcheck sweep has none to stop', got: show('early_stopping'), hint: 'remove early_stopping, or use kind: train', atKey: true });
  }
  // max_epochs is every trial's budget: an epochs setting anywhere else would contradict it.
  const places: Path[] = [];
  for (const part of ['fixed', 'grid', 'zip'] as const) if ('epochs' in (mapping(file[part]) ?? {})) places.push([part, 'epochs']);
  for (const [name, run] of Object.entries(mapping(file.runs) ?? {})) if ('epochs' in (mapping(run) ?? {})) places.push(['runs', name, 'epochs']);
  if (Array.isArray(file.include)) file.include.forEach((entry, i) => 'epochs' in (mapping(entry) ?? {}) && places.push(['include', i, 'epochs']));
  if ('epochs' in space) places.push(['search', 'space', 'epochs']);
  for (const path of places) {
    problems.push({ path, message: 'is set, but early_stopping.max_epochs sets every trial\'s epochs', got: show('epochs'), hint: 'remove epochs here; early stopping trains each trial for up to max_epochs', atKey: true });
  }
  return problems;
}
