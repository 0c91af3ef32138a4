/**
 * Seeds folded: jobs grouped by configuration (every setting but the seed), with the mean, the sample
 * standard deviation and the count of each metric over the group's finished jobs. Diverged, failed and
 * pending jobs are counted but have no final metrics, so they do not enter the means. Pure.
 */
import canonicalize from 'canonicalize';
import { SETTING_NAMES } from '../sweep/schema.js';
import { formatSettingValue } from './format.js';
import { jobOutcome, type JobOutcome } from './outcome.js';
import type { ReportSettings } from './record.js';
import { REPORT_STATUSES, type ReportJob, type ReportStatus, type SweepResults } from './results.js';
import { stat, type Stat } from './stat.js';

export interface Configuration {
  /** Canonical JSON of the settings without the seed: equal settings, equal key. */
  key: string;
  /** How tables and legends name it: its varying settings (`learning_rate=0.1 batch_size=50`), or its run name. */
  label: string;
  name: string | null;
  settings: ReportSettings;
  /** Its jobs, one per seed, in plan order. */
  jobs: ReportJob[];
  counts: Record<ReportStatus, number>;
  validationAccuracy: Stat | null;
  validationLoss: Stat | null;
  trainAccuracy: Stat | null;
  testAccuracy: Stat | null;
  bestValidationAccuracy: Stat | null;
  wallSeconds: Stat | null;
  /** Validation accuracy per epoch over the finished jobs, for the learning-curve chart. */
  curve: { epoch: number; accuracy: Stat }[];
}

export function configurationKey(settings: ReportSettings): string {
  const { seed: _seed, ...rest } = settings;
  return canonicalize(rest) ?? '';
}

/** `learning_rate=0.1 batch_size=50`, or the run's name, or `all jobs` when nothing varies. */
export function configurationLabel(job: Pick<ReportJob, 'name' | 'settings'>, varying: SweepResults['varying']): string {
  const values = varying.map((key) => `${key}=${formatSettingValue(key, job.settings[key])}`).join(' ');
  if (job.name !== null) return values === '' ? job.name : `${job.name}: ${values}`;
  return values === '' ? 'all jobs' : values;
}

function curveOf(outcomes: readonly { job: ReportJob; outcome: JobOutcome }[]): Configuration['curve'] {
  const byEpoch = new Map<number, (number | null)[]>();
  for (const { job } of outcomes) {
    for (const e of job.record?.epochs ?? []) byEpoch.set(e.epoch, [...(byEpoch.get(e.epoch) ?? []), e.validation_accuracy]);
  }
  return [...byEpoch]
    .sort(([a], [b]) => a - b)
    .flatMap(([epoch, values]) => {
      const accuracy = stat(values);
      return accuracy === null ? [] : [{ epoch, accuracy }];
    });
}

/** The sweep's configurations, best mean final validation accuracy first; those without one after, in plan order. */
export function configurations(results: SweepResults): Configuration[] {
  const groups = new Map<string, ReportJob[]>();
  for (const job of results.jobs) {
    const key = configurationKey(job.settings);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const configs = [...groups].map(([key, jobs]): Configuration => {
    const finished = jobs.filter((job) => job.status === 'ok').map((job) => ({ job, outcome: jobOutcome(job) }));
    const counts = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
    for (const job of jobs) counts[job.status] += 1;
    const first = jobs.find((job) => job.name !== null) ?? jobs[0];
    return {
      key,
      label: configurationLabel(first, results.varying),
      name: first.name,
      settings: jobs[0].settings,
      jobs,
      counts,
      validationAccuracy: stat(finished.map(({ outcome }) => outcome.final?.validation_accuracy ?? null)),
      validationLoss: stat(finished.map(({ outcome }) => outcome.final?.validation_loss ?? null)),
      trainAccuracy: stat(finished.map(({ outcome }) => outcome.final?.train_accuracy ?? null)),
      testAccuracy: stat(finished.map(({ outcome }) => outcome.testAccuracy)),
      bestValidationAccuracy: stat(finished.map(({ outcome }) => outcome.best?.accuracy ?? null)),
      wallSeconds: stat(finished.map(({ outcome }) => outcome.wallSeconds)),
      curve: curveOf(finished),
    };
  });
  // Array.prototype.sort is stable, so ties and configurations without results keep plan order.
  return configs.sort((a, b) => {
    const x = a.validationAccuracy?.mean ?? null;
    const y = b.validationAccuracy?.mean ?? null;
    if (x !== null && y !== null) return y - x;
    return x === null ? (y === null ? 0 : 1) : -1;
  });
}

/** The distinct values a setting takes among the jobs: numbers ascending, others in plan order (pivots and charts). */
export function settingValues(jobs: readonly ReportJob[], key: (typeof SETTING_NAMES)[number]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const job of jobs) {
    const value = job.settings[key];
    if (value !== null && !seen.has(JSON.stringify(value))) seen.set(JSON.stringify(value), value);
  }
  const values = [...seen.values()];
  return values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values;
}
