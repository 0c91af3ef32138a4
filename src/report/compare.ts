/**
 * The same configurations across sweeps, side by side: a rerun on another machine, with another kernel
 * set or another code version. Configurations are matched on their settings without the seed and without
 * the settings that tell the sweeps apart (constant within each sweep, different between them, such as
 * `kernels`). Each sweep after the first is compared with the first: the difference of the mean final
 * validation accuracy, whether it exceeds seed noise (|Δ| > 2 standard errors of the difference, Welch),
 * and whether the seeds' results are identical bit for bit. Pure.
 */
import canonicalize from 'canonicalize';
import { SETTING_NAMES, type SettingName } from '../sweep/schema.js';
import type { Configuration } from './aggregate.js';
import type { Stat } from './stat.js';
import { formatSettingValue } from './format.js';
import { jobOutcome } from './outcome.js';
import type { ReportJob, SweepResults } from './results.js';

export interface ComparedSweep {
  /** How the sweep is named in the comparison: its folder as given. */
  label: string;
  results: SweepResults;
  configs: readonly Configuration[];
}

export type Verdict = 'identical' | 'exceeds noise' | 'within noise' | 'one seed' | 'missing';

export interface CompareCell {
  validation: Stat | null;
  test: Stat | null;
  /** Against the first sweep (null in the first column): mean difference in percentage points and its standard error. */
  delta: number | null;
  se: number | null;
  verdict: Verdict | null;
}

export interface CompareRow {
  label: string;
  cells: CompareCell[];
}

export interface Comparison {
  /** Per sweep: its jobs, and the kernel sets and training-code versions its records say ran them. */
  sweeps: { label: string; sweep: string; jobs: number; finished: number; kernelSets: string[]; codeVersions: number[] }[];
  /** Settings that tell the sweeps apart: one value per sweep. */
  differences: { setting: SettingName; values: string[] }[];
  rows: CompareRow[];
}

function valuesOf(results: SweepResults, key: SettingName): Set<string> {
  return new Set(results.jobs.map((job) => JSON.stringify(job.settings[key])));
}

/** The settings constant within every sweep but not the same in all of them. */
function sweepDifferences(sweeps: readonly ComparedSweep[]): SettingName[] {
  return SETTING_NAMES.filter((key) => {
    if (key === 'seed') return false;
    const per = sweeps.map((s) => valuesOf(s.results, key));
    return per.every((v) => v.size === 1) && new Set(per.map((v) => [...v][0])).size > 1;
  });
}

function matchKey(settings: ReportJob['settings'], ignore: readonly SettingName[]): string {
  const kept = Object.fromEntries(Object.entries(settings).filter(([k]) => k !== 'seed' && !ignore.includes(k as SettingName)));
  return canonicalize(kept) ?? '';
}

/** The final validation and test accuracy of each finished seed, for the bit-for-bit check. */
function seedResults(config: Configuration): Map<string, string> {
  return new Map(
    config.jobs
      .filter((job) => job.status === 'ok')
      .map((job) => {
        const o = jobOutcome(job);
        return [String(job.settings.seed), JSON.stringify([o.final?.validation_accuracy ?? null, o.testAccuracy, o.final?.validation_loss ?? null])];
      }),
  );
}

function percentStat(s: Stat | null): Stat | null {
  return s === null ? null : { mean: 100 * s.mean, std: s.std === null ? null : 100 * s.std, n: s.n };
}

function compareCell(base: Configuration | undefined, other: Configuration | undefined): CompareCell {
  const validation = percentStat(other?.validationAccuracy ?? null);
  const test = percentStat(other?.testAccuracy ?? null);
  const a = percentStat(base?.validationAccuracy ?? null);
  if (base === undefined || other === undefined || a === null || validation === null) {
    return { validation, test, delta: null, se: null, verdict: other === undefined || validation === null ? 'missing' : null };
  }
  const delta = validation.mean - a.mean;
  const x = seedResults(base);
  const y = seedResults(other);
  if (x.size > 0 && x.size === y.size && [...x].every(([seed, v]) => y.get(seed) === v)) return { validation, test, delta, se: 0, verdict: 'identical' };
  if (a.std === null || validation.std === null) return { validation, test, delta, se: null, verdict: 'one seed' };
  const se = Math.sqrt(a.std ** 2 / a.n + validation.std ** 2 / validation.n);
  return { validation, test, delta, se, verdict: Math.abs(delta) > 2 * se ? 'exceeds noise' : 'within noise' };
}

/** Compares every sweep with the first; rows in the first sweep's order (best first), then those only the others have. */
export function compareSweeps(sweeps: readonly ComparedSweep[]): Comparison {
  const ignore = sweepDifferences(sweeps);
  const varying = SETTING_NAMES.filter((key) => key !== 'seed' && !ignore.includes(key) && new Set(sweeps.flatMap((s) => [...valuesOf(s.results, key)])).size > 1);
  const byKey = sweeps.map((s) => new Map(s.configs.map((c) => [matchKey(c.settings, ignore), c])));
  const keys: string[] = [];
  for (const map of byKey) for (const key of map.keys()) if (!keys.includes(key)) keys.push(key);
  const rows = keys.map((key): CompareRow => {
    const first = byKey.map((m) => m.get(key)).find((c) => c !== undefined)!;
    const label = varying.map((k) => `${k}=${formatSettingValue(k, first.settings[k])}`).join(' ') || first.name || 'all jobs';
    const base = byKey[0].get(key);
    return {
      label,
      cells: byKey.map((m, i) => {
        const cell = compareCell(base, m.get(key));
        return i === 0 ? { ...cell, delta: null, se: null, verdict: cell.verdict === 'missing' ? 'missing' : null } : cell;
      }),
    };
  });
  return {
    sweeps: sweeps.map((s) => ({
      label: s.label,
      sweep: s.results.sweep,
      jobs: s.results.jobs.length,
      finished: s.results.jobs.filter((j) => j.status === 'ok').length,
      kernelSets: [...new Set(s.results.jobs.flatMap((j) => (j.record?.kernels ? [j.record.kernels] : [])))].sort(),
      codeVersions: [...new Set(s.results.jobs.flatMap((j) => (j.record?.code_version == null ? [] : [j.record.code_version])))].sort((a, b) => a - b),
    })),
    differences: ignore.map((setting) => ({ setting, values: sweeps.map((s) => formatSettingValue(setting, s.results.jobs[0]?.settings[setting])) })),
    rows,
  };
}
