/**
 * The points of a sweep: each a set of setting values with the place in the file each value came from,
 * before fixed settings, defaults and seeds are applied. Grid and zip combinations follow GitHub Actions
 * matrix semantics for `exclude` and `include`.
 */
import { formatPath, type Path } from './diagnostics.js';
import type { SettingName, SettingsPatch } from './schema.js';
import type { Sweep } from './sweep.js';

export interface Point {
  /** The point's own values; `fixed` and defaults fill the rest. */
  values: Record<string, unknown>;
  /** Where each of `values` was written: `['grid', 'init', 2]`. */
  sources: Partial<Record<SettingName, Path>>;
  /** Where the point is written: `['runs', 'adgk']`, `['include', 0]`, or a combination's innermost axis value. */
  origin: Path;
  /** The named configuration, for points from `runs:`. */
  name: string | null;
  /** How messages name the point: `runs.adgk`, `include[0]`, `grid combination init=zeros, learning_rate=0.1`. */
  label: string;
}

/** Values equal as settings: lists (hidden_sizes) compare element by element. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

/** How many combinations the grid and zip give before exclude: the product of the grid's axes × zip rows. */
export function combinationCount(sweep: Sweep): number {
  if (sweep.grid.length === 0 && sweep.zip.length === 0) return 0;
  const rows = sweep.zip.length === 0 ? 1 : sweep.zip[0].values.length;
  return sweep.grid.reduce((count, axis) => count * axis.values.length, rows);
}

export function runPoints(sweep: Sweep): Point[] {
  return sweep.runs.map(({ name, settings }) => patchPoint(settings, ['runs', name], name));
}

function patchPoint(patch: SettingsPatch, origin: Path, name: string | null): Point {
  const sources: Point['sources'] = {};
  for (const key of Object.keys(patch) as SettingName[]) sources[key] = [...origin, key];
  return { values: { ...patch }, sources, origin, name, label: formatPath(origin) };
}

/** `init=zeros, hidden_sizes=[512,1024]`: a combination as messages show it. */
export function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`.replace(/"/g, ''))
    .join(', ');
}

/**
 * Grid combinations in row-major order (the first grid axis outermost, zip rows innermost), without the
 * excluded ones. Stops, returning what it has, once there are more than `stopAfter`: the caller refuses the
 * plan, and nothing larger than the limit is ever built. `excludeHits[i]` is set when exclude entry i
 * removed a combination.
 */
export function gridPoints(sweep: Sweep, stopAfter: number, excludeHits?: boolean[]): Point[] {
  const total = combinationCount(sweep);
  if (total === 0) return [];
  const rows = sweep.zip.length === 0 ? 1 : sweep.zip[0].values.length;
  const part = sweep.grid.length > 0 ? 'grid' : 'zip';
  // A combination is placed, in messages, at its value of the innermost axis: the one that differs
  // between neighbouring combinations.
  const innermost = (sweep.zip.length > 0 ? sweep.zip : sweep.grid).at(-1)!.key;
  const points: Point[] = [];
  // An odometer over the grid axes' indexes, last axis fastest, with the zip row as the fastest digit.
  const digits = new Array<number>(sweep.grid.length).fill(0);
  const sizes = sweep.grid.map((axis) => axis.values.length);
  for (let n = 0; n < total; n++) {
    const row = n % rows;
    const values: Record<string, unknown> = {};
    const sources: Point['sources'] = {};
    sweep.grid.forEach((axis, a) => {
      values[axis.key] = axis.values[digits[a]];
      sources[axis.key] = ['grid', axis.key, digits[a]];
    });
    for (const column of sweep.zip) {
      values[column.key] = column.values[row];
      sources[column.key] = ['zip', column.key, row];
    }
    // every entry is tried, not only up to the first match, so that one matching nothing can be told
    let excluded = false;
    sweep.exclude.forEach((entry, i) => {
      if (matches(values, entry)) {
        excluded = true;
        if (excludeHits) excludeHits[i] = true;
      }
    });
    if (!excluded) {
      const label = `${part} combination ${describeValues(values)}`;
      points.push({ values, sources, origin: sources[innermost]!, name: null, label });
      if (points.length > stopAfter) return points;
    }
    if (row === rows - 1) advance(digits, sizes);
  }
  return points;
}

function advance(digits: number[], sizes: number[]): void {
  for (let a = digits.length - 1; a >= 0; a--) {
    digits[a] += 1;
    if (digits[a] < sizes[a]) return;
    digits[a] = 0;
  }
}

/** A partial match, as GitHub Actions' exclude: every key of the entry has the combination's value. */
function matches(values: Record<string, unknown>, entry: SettingsPatch): boolean {
  return Object.entries(entry).every(([key, value]) => sameValue(values[key], value));
}

/**
 * GitHub Actions' include: an entry is merged into every combination whose axis values it does not
 * contradict (its other keys are added, and may replace what an earlier include added); an entry that fits
 * no combination becomes a point of its own, after the combinations, in file order.
 */
export function applyIncludes(sweep: Sweep, combinations: Point[]): Point[] {
  const axes = new Set<string>([...sweep.grid, ...sweep.zip].map((axis) => axis.key));
  const added: Point[] = [];
  sweep.include.forEach((entry, i) => {
    const at = sweep.includeAt[i] ?? ['include', i];
    let merged = false;
    for (const point of combinations) {
      const contradicts = Object.entries(entry).some(
        ([key, value]) => axes.has(key) && !sameValue(point.values[key], value),
      );
      if (contradicts) continue;
      for (const [key, value] of Object.entries(entry)) {
        point.values[key] = value;
        if (!axes.has(key)) point.sources[key as SettingName] = [...at, key];
      }
      merged = true;
    }
    if (!merged) added.push(patchPoint(entry, at, null));
  });
  return added;
}
