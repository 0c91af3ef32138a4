/**
 * Checks between the parts of a sweep file, which a schema cannot express: a setting both fixed and varied,
 * zip columns of unequal length, seeds given twice, an exclude entry that can never match. They run on the
 * raw value even when the schema found problems (so a file's problems are reported together), and so they
 * look at types defensively: whatever is not the expected shape was already reported by the schema.
 */
import { show, type Problem } from './diagnostics.js';
import { SETTING_NAMES } from './schema.js';

type Mapping = Record<string, unknown>;

function mapping(value: unknown): Mapping | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Mapping) : undefined;
}

function entries(value: unknown): Mapping[] {
  return Array.isArray(value) ? value.map((entry) => mapping(entry) ?? {}) : [];
}

export function crossChecks(root: unknown): Problem[] {
  const file = mapping(root);
  if (!file) return [];
  const fixed = mapping(file.fixed) ?? {};
  const grid = mapping(file.grid) ?? {};
  const zip = mapping(file.zip) ?? {};
  const runs = mapping(file.runs) ?? {};
  return [
    ...variedAndFixed(fixed, grid, zip),
    ...zipLengths(zip),
    ...seedsTwice(file, { fixed, grid, zip, runs }),
    ...repeatedSeeds(file.seeds),
    ...excludesThatCannotMatch(entries(file.exclude), ['exclude'], axisNames(grid, zip)),
    ...excludesThatCannotMatch(entries(grid.exclude), ['grid', 'exclude'], axisNames(grid, zip)),
  ];
}

/** The grid's and zip's axes: their keys, less the include and exclude entries a grid may hold. */
function axisNames(grid: Mapping, zip: Mapping): string[] {
  return [...Object.keys(grid), ...Object.keys(zip)].filter((key) => key !== 'include' && key !== 'exclude');
}

function variedAndFixed(fixed: Mapping, grid: Mapping, zip: Mapping): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(grid)) {
    if (key in fixed && key !== 'include' && key !== 'exclude') {
      problems.push({
        path: ['grid', key],
        message: 'is varied in grid and also set in fixed',
        got: show(key),
        hint: `remove ${key} from fixed, or from grid`,
        atKey: true,
      });
    }
  }
  for (const key of Object.keys(zip)) {
    const other = key in grid ? 'grid' : key in fixed ? 'fixed' : undefined;
    if (other) {
      problems.push({
        path: ['zip', key],
        message: `is varied in zip and also ${other === 'grid' ? 'varied in grid' : 'set in fixed'}`,
        got: show(key),
        hint: `remove ${key} from zip, or from ${other}`,
        atKey: true,
      });
    }
  }
  return problems;
}

function zipLengths(zip: Mapping): Problem[] {
  const columns = Object.entries(zip).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]));
  if (columns.length < 2) return [];
  const [firstKey, firstValues] = columns[0];
  return columns.slice(1).flatMap(([key, values]) =>
    values.length === firstValues.length
      ? []
      : [
          {
            path: ['zip', key],
            message: `has ${values.length} values but zip.${firstKey} has ${firstValues.length}; zip columns pair up value by value`,
            got: `${values.length} values`,
            hint: 'give every zip column the same number of values',
          },
        ],
  );
}

function seedsTwice(file: Mapping, parts: { fixed: Mapping; grid: Mapping; zip: Mapping; runs: Mapping }): Problem[] {
  if (file.seeds === undefined) return [];
  const places: (string | number)[][] = [];
  for (const part of ['fixed', 'grid', 'zip'] as const) {
    if ('seed' in parts[part]) places.push([part, 'seed']);
  }
  for (const [name, run] of Object.entries(parts.runs)) {
    if ('seed' in (mapping(run) ?? {})) places.push(['runs', name, 'seed']);
  }
  entries(file.include).forEach((entry, i) => {
    if ('seed' in entry) places.push(['include', i, 'seed']);
  });
  entries(parts.grid.include).forEach((entry, i) => {
    if ('seed' in entry) places.push(['grid', 'include', i, 'seed']);
  });
  return places.map((path) => ({
    path,
    message: 'sets seed, but the sweep also has seeds (the replicate axis)',
    got: show('seed'),
    hint: 'use one of them: remove seed here, or remove seeds',
    atKey: true,
  }));
}

function repeatedSeeds(seeds: unknown): Problem[] {
  if (!Array.isArray(seeds)) return [];
  const problems: Problem[] = [];
  seeds.forEach((seed, i) => {
    const first = seeds.indexOf(seed);
    if (first < i) {
      problems.push({ path: ['seeds', i], message: `repeats seeds[${first}]`, got: show(seed), hint: 'list each seed once' });
    }
  });
  return problems;
}

function excludesThatCannotMatch(excludes: Mapping[], at: string[], axes: string[]): Problem[] {
  const problems: Problem[] = [];
  excludes.forEach((entry, i) => {
    for (const key of Object.keys(entry)) {
      // A key that names no setting at all is the schema's to report.
      if (axes.includes(key) || !(SETTING_NAMES as string[]).includes(key)) continue;
      problems.push({
        path: [...at, i, key],
        message: 'is not a grid or zip axis, so this entry can never match',
        got: show(key),
        hint: axes.length
          ? `exclude removes grid combinations by their axis values; the axes are: ${axes.join(', ')}`
          : 'exclude removes grid combinations, and this sweep has no grid',
        atKey: true,
      });
    }
  });
  return problems;
}
