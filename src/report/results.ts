/**
 * The sweep as the report sees it: the latest plan's jobs, each joined with its latest journal record, and
 * the settings that vary between them. Pure: built from what load.ts read.
 */
import type { PlanFile } from '../journal/plan-file.js';
import type { JobStatus } from '../journal/record.js';
import type { TrainSettings } from '../core/settings.js';
import { jobId } from '../sweep/ids.js';
import { SETTING_NAMES, type SettingName } from '../sweep/schema.js';
import { rungEpochs } from '../sweep/search/rungs.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import { missingFieldWarnings, type JournalRead, type ReportRecord, type ReportSettings } from './record.js';

/** A job of the plan that has no record yet is pending. */
export type ReportStatus = JobStatus | 'pending';
export const REPORT_STATUSES: readonly ReportStatus[] = ['ok', 'stopped', 'diverged', 'failed', 'pending'];

export interface ReportJob {
  id: string;
  /** Place in the plan (or, without a plan, in the run's order). */
  index: number;
  name: string | null;
  settings: ReportSettings;
  status: ReportStatus;
  record: ReportRecord | null;
}

export interface SweepResults {
  sweep: string;
  description: string | null;
  /** When the plan of the latest run was made, and the training-code version it planned for. */
  createdAt: string | null;
  codeVersion: number | null;
  /** Whether plan.json was read: without it, jobs not yet run are unknown. */
  planned: boolean;
  jobs: ReportJob[];
  /** The settings other than seed that take more than one value among the jobs, in SETTING_NAMES order. */
  varying: SettingName[];
  /** Journal records of jobs the latest plan no longer has (its sweep file changed): left out. */
  outsidePlan: number;
  /** The plan's early stopping, from plan.json; null without one. */
  earlyStopping: EarlyStopping | null;
  /** A random search's parameters (from plan.json), and whether each was sampled on a log scale; null: no search. */
  searched?: { key: SettingName; log: boolean }[] | null;
  /** With early stopping: the journaled runs of the trials' rungs below the last (the last is the trial's own record). */
  rungRuns?: { trial: number; record: ReportRecord }[];
  /** Ids of the jobs whose trained weights are kept in models/ (absent: none looked for). */
  keptModels?: string[];
  warnings: string[];
}

/** The settings whose known values differ between jobs (a value an older record lacks does not count). */
export function varyingSettings(jobs: readonly ReportJob[]): SettingName[] {
  return SETTING_NAMES.filter((key) => {
    if (key === 'seed') return false;
    const values = new Set(jobs.map((job) => job.settings[key]).filter((v) => v !== null).map((v) => JSON.stringify(v)));
    return values.size > 1;
  });
}

/** The record's settings over the plan's: the same id means the same settings, so the plan fills a gap. */
function mergeSettings(planned: ReportSettings | null, recorded: ReportSettings | null): ReportSettings {
  const merged = { ...(planned ?? recorded) } as Record<SettingName, unknown>;
  if (planned !== null && recorded !== null) {
    for (const key of SETTING_NAMES) if (recorded[key] !== null) merged[key] = recorded[key];
  }
  return merged as ReportSettings;
}

export interface JoinInput {
  /** The folder's name (a sweep's results folder is named after it), used when there is no plan.json. */
  folderName: string;
  plan: PlanFile | null;
  journal: JournalRead;
  journalFile: string;
  /** Warnings of the reading so far (plan.json's), kept first. */
  warnings: string[];
}

/** Joins plan and journal into the report's view of the sweep. */
export function joinResults(input: JoinInput): SweepResults {
  const { plan, journal } = input;
  const records = new Map(journal.records.map((record) => [record.id, record]));
  let jobs: ReportJob[];
  let outsidePlan = 0;
  let rungRuns: SweepResults['rungRuns'] = [];
  if (plan !== null) {
    jobs = plan.jobs.map((planned) => {
      const record = records.get(planned.id) ?? null;
      return {
        id: planned.id,
        index: planned.index,
        name: planned.name ?? record?.name ?? null,
        settings: mergeSettings(planned.settings, record?.settings ?? null),
        status: record?.status ?? 'pending',
        record,
      };
    });
    // with early stopping, the trials' rung runs are journaled too: they belong to the plan
    const trialOf = rungIds(plan);
    const ids = new Set([...plan.jobs.map((job) => job.id), ...trialOf.keys()]);
    outsidePlan = journal.records.filter((record) => !ids.has(record.id)).length;
    rungRuns = journal.records.flatMap((record) => (trialOf.has(record.id) ? [{ trial: trialOf.get(record.id)!, record }] : []));
  } else {
    jobs = journal.records
      .map((record, position) => ({
        id: record.id,
        index: record.index ?? position,
        name: record.name,
        settings: mergeSettings(null, record.settings),
        status: record.status,
        record,
      }))
      .sort((a, b) => a.index - b.index || a.id.localeCompare(b.id));
  }

  // A setting a record lacks is no gap when the plan has the job: the plan lists every setting (and
  // plan-file.ts warns if not). Warn only about what stays empty, and only for jobs shown.
  const shown = new Set(jobs.map((job) => job.id));
  const planned = new Set(plan?.jobs.map((job) => job.id) ?? []);
  const missing = new Map<string, string[]>();
  for (const [field, ids] of journal.missing) {
    const gaps = ids.filter((id) => shown.has(id) && !(field.startsWith('settings') && planned.has(id)));
    if (gaps.length > 0) missing.set(field, gaps);
  }

  return {
    sweep: plan?.sweep ?? input.folderName,
    description: plan?.description ?? null,
    createdAt: plan?.created_at ?? null,
    codeVersion: plan?.code_version ?? null,
    planned: plan !== null,
    jobs,
    varying: varyingSettings(jobs),
    outsidePlan,
    earlyStopping: plan?.early_stopping ?? null,
    rungRuns,
    searched: plan?.searched?.flatMap((p) => (SETTING_NAMES.includes(p.key as SettingName) ? [{ key: p.key as SettingName, log: p.log }] : [])) ?? null,
    warnings: [...input.warnings, ...journal.warnings, ...missingFieldWarnings(missing, input.journalFile)],
  };
}

/** The ids of the rung runs of every trial of a plan with early stopping (src/run/early-stopping.ts), and their trial. */
function rungIds(plan: PlanFile): Map<string, number> {
  const ids = new Map<string, number>();
  if (!plan.early_stopping) return ids;
  const rungs = rungEpochs(plan.early_stopping).slice(0, -1);
  for (const job of plan.jobs) {
    if (SETTING_NAMES.some((key) => job.settings[key] === null)) continue;
    const settings = job.settings as TrainSettings;
    for (const epochs of rungs) ids.set(jobId('train', { ...settings, epochs }), job.index);
  }
  return ids;
}
