/**
 * Which settings matter: how much of the spread of the final validation accuracy (in percentage points)
 * each varying setting accounts for, with the seed-to-seed noise as the yardstick. Pure.
 *
 * - A complete, balanced grid (every combination of the varying settings, the same number of finished
 *   seeds in each) gets an ANOVA decomposition: the total sum of squares splits exactly into one term per
 *   setting (main effect), one per pair (two-way interaction), the higher-order rest, and the spread
 *   between seeds of one configuration (noise). Each term's F = its mean square over the noise's, with
 *   its p-value: a term whose p < 0.05 exceeds seed noise.
 * - Anything else (named runs, zip, a search, a grid with holes or diverged jobs) gets an estimate,
 *   labelled as such: each setting on its own (its one-way share of the variance, which overlaps with the
 *   others' when settings vary together), and, for numeric settings, Spearman's rank correlation.
 */
import jstat from 'jstat';
import { sampleRankCorrelation } from 'simple-statistics';
import type { SettingName } from '../sweep/schema.js';
import { configurationKey } from './aggregate.js';
import { formatSettingValue } from './format.js';
import { finalValidationAccuracy } from './outcome.js';
import { crossed } from './pivot.js';
import type { SweepResults } from './results.js';

/** One term of the decomposition: a setting, a pair of them, the higher-order rest, or the seed noise. */
export interface ImportanceTerm {
  /** `learning_rate`, `learning_rate × batch_size`, `higher-order interactions`, `seed noise`. */
  term: string;
  kind: 'main' | 'interaction' | 'rest' | 'noise';
  settings: SettingName[];
  /** Sum of squares in (percentage points)²; its share of the total, 0–1. */
  ss: number;
  share: number;
  df: number | null;
  /** F against the seed noise and its p-value; null without noise to compare with (or for the noise itself). */
  f: number | null;
  p: number | null;
  /** For a setting: the mean accuracy (%) at each of its values, and the range between the best and worst. */
  levels: { value: string; mean: number; n: number }[];
  range: number | null;
  /** Spearman's rank correlation of a numeric setting with the accuracy (estimate only). */
  rho: number | null;
}

export interface Importance {
  method: 'anova' | 'estimate';
  /** The finished jobs the numbers are over, and their count of configurations. */
  jobs: number;
  configurations: number;
  /** Total sum of squares about the grand mean, (percentage points)². */
  total: number;
  mean: number;
  /** Pooled standard deviation between seeds of one configuration, in percentage points; null with one seed each. */
  seedStd: number | null;
  terms: ImportanceTerm[];
  notes: string[];
}

interface Point {
  settings: SweepResults['jobs'][number]['settings'];
  x: number;
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

function groupBy(points: readonly Point[], key: (p: Point) => string): Map<string, Point[]> {
  const groups = new Map<string, Point[]>();
  for (const p of points) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  return groups;
}

/** Σ n_g (mean_g − mean)² over the groups: the spread the grouping accounts for. */
function betweenSs(groups: Map<string, Point[]>, mean: number): number {
  return sum([...groups.values()].map((g) => g.length * (sum(g.map((p) => p.x)) / g.length - mean) ** 2));
}

const valueKey = (keys: readonly SettingName[]) => (p: Point) => JSON.stringify(keys.map((k) => p.settings[k]));

function levelsOf(points: readonly Point[], setting: SettingName): ImportanceTerm['levels'] {
  const groups = groupBy(points, valueKey([setting]));
  const levels = [...groups.values()].map((g) => ({
    value: formatSettingValue(setting, g[0].settings[setting]),
    sortKey: g[0].settings[setting],
    mean: sum(g.map((p) => p.x)) / g.length,
    n: g.length,
  }));
  if (levels.every((l) => typeof l.sortKey === 'number')) levels.sort((a, b) => (a.sortKey as number) - (b.sortKey as number));
  return levels.map(({ value, mean, n }) => ({ value, mean, n }));
}

function rangeOf(levels: ImportanceTerm['levels']): number | null {
  return levels.length < 2 ? null : Math.max(...levels.map((l) => l.mean)) - Math.min(...levels.map((l) => l.mean));
}

/** F and p of a term against the noise's mean square; null when either is missing or degenerate. */
function fTest(ss: number, df: number, noise: { ss: number; df: number } | null): { f: number | null; p: number | null } {
  if (noise === null || noise.df === 0 || df === 0) return { f: null, p: null };
  const msNoise = noise.ss / noise.df;
  if (msNoise === 0) return { f: ss > 0 ? Infinity : null, p: ss > 0 ? 0 : null };
  const f = ss / df / msNoise;
  return { f, p: 1 - jstat.jStat.centralF.cdf(f, df, noise.df) };
}

function term(partial: Partial<ImportanceTerm> & Pick<ImportanceTerm, 'term' | 'kind' | 'ss'>, total: number): ImportanceTerm {
  return { settings: [], df: null, f: null, p: null, levels: [], range: null, rho: null, ...partial, share: total > 0 ? partial.ss / total : 0 };
}

/** Whether every combination of the varying settings has the same number (≥ 1) of finished jobs. */
function balancedGrid(points: readonly Point[], factors: readonly SettingName[], results: SweepResults): boolean {
  const cells = groupBy(points, valueKey(factors));
  const product = factors.reduce((n, k) => n * new Set(results.jobs.map((j) => JSON.stringify(j.settings[k]))).size, 1);
  const sizes = new Set([...cells.values()].map((g) => g.length));
  return cells.size === product && sizes.size === 1;
}

/** The importance of each varying setting for the final validation accuracy; null when nothing varies or nothing finished. */
export function importance(results: SweepResults): Importance | null {
  const factors = results.varying;
  const points: Point[] = results.jobs.flatMap((job) => {
    const accuracy = finalValidationAccuracy(job);
    return accuracy === null ? [] : [{ settings: job.settings, x: 100 * accuracy }];
  });
  if (factors.length === 0 || points.length < 2) return null;
  const mean = sum(points.map((p) => p.x)) / points.length;
  const total = sum(points.map((p) => (p.x - mean) ** 2));
  const configs = groupBy(points, (p) => configurationKey(p.settings));
  // The seeds' spread: Σ (x − mean of its configuration)².
  const within = sum([...configs.values()].map((g) => {
    const m = sum(g.map((p) => p.x)) / g.length;
    return sum(g.map((p) => (p.x - m) ** 2));
  }));
  const noiseDf = points.length - configs.size;
  const noise = noiseDf > 0 ? { ss: within, df: noiseDf } : null;
  // One setting and one job per value: its share would be 100 % by construction, which says nothing.
  if (noise === null && factors.length < 2) return null;
  const seedStd = noise === null ? null : Math.sqrt(noise.ss / noise.df);
  const notes: string[] = [];
  const terms: ImportanceTerm[] = [];

  const method = balancedGrid(points, factors, results) ? 'anova' : 'estimate';
  if (method === 'anova') {
    const mainSs = new Map<SettingName, number>();
    for (const setting of factors) {
      const levels = levelsOf(points, setting);
      const ss = betweenSs(groupBy(points, valueKey([setting])), mean);
      mainSs.set(setting, ss);
      const df = levels.length - 1;
      terms.push(term({ term: setting, kind: 'main', settings: [setting], ss, df, ...fTest(ss, df, noise), levels, range: rangeOf(levels) }, total));
    }
    let explained = sum([...mainSs.values()]);
    for (let i = 0; i < factors.length; i++) {
      for (let j = i + 1; j < factors.length; j++) {
        const [a, b] = [factors[i], factors[j]];
        // Clamped at 0: in exact arithmetic it cannot be negative, in floating point it can be by an ulp.
        const ss = Math.max(0, betweenSs(groupBy(points, valueKey([a, b])), mean) - mainSs.get(a)! - mainSs.get(b)!);
        const df = (levelsOf(points, a).length - 1) * (levelsOf(points, b).length - 1);
        terms.push(term({ term: `${a} × ${b}`, kind: 'interaction', settings: [a, b], ss, df, ...fTest(ss, df, noise) }, total));
        explained += ss;
      }
    }
    if (factors.length > 2) {
      const ss = Math.max(0, total - explained - within);
      terms.push(term({ term: 'higher-order interactions', kind: 'rest', settings: [...factors], ss }, total));
    }
    if (noise === null) notes.push('One finished job per configuration: no seed noise to compare the effects with, so no F or p.');
  } else {
    notes.push(
      'Not a complete grid with the same number of finished seeds per configuration, so this is an estimate, not a decomposition: ' +
        "each setting's share is what it explains on its own, and settings that vary together share the credit (the shares need not add up).",
    );
    for (const setting of factors) {
      const levels = levelsOf(points, setting);
      const ss = betweenSs(groupBy(points, valueKey([setting])), mean);
      const numeric = points.every((p) => typeof p.settings[setting] === 'number');
      const rho = numeric && levels.length > 2 ? sampleRankCorrelation(points.map((p) => p.settings[setting] as number), points.map((p) => p.x)) : null;
      const df = levels.length - 1;
      terms.push(term({ term: setting, kind: 'main', settings: [setting], ss, df, levels, range: rangeOf(levels), rho: Number.isFinite(rho) ? rho : null }, total));
    }
    for (let i = 0; i < factors.length; i++) {
      for (let j = i + 1; j < factors.length; j++) {
        if (!crossed(results, factors[i], factors[j])) {
          notes.push(`${factors[i]} and ${factors[j]} never vary independently: their effects cannot be told apart.`);
        }
      }
    }
  }
  if (noise !== null) terms.push(term({ term: 'seed noise', kind: 'noise', ss: within, df: noise.df }, total));
  return { method, jobs: points.length, configurations: configs.size, total, mean, seedStd, terms, notes };
}
