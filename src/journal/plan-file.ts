/**
 * `plan.json`, the plan of a sweep's latest run (or `slurm` submission): its one name, its one writer
 * and its one reader. The report reads it to tell which jobs are still pending and in what order the
 * plan lists them. Tolerant: a job it cannot read is skipped with a warning.
 */
import path from 'node:path';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Plan } from '../sweep/job.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import type { RecordedSettings } from './record.js';
import { readSettings } from './recorded-settings.js';

export const PLAN_FILE = 'plan.json';

/** Writes the plan of the run that starts now into `sweepDir`, atomically (a reader never sees half of it). */
export async function writePlanFile(sweepDir: string, plan: Plan): Promise<void> {
  const planFile = {
    sweep: plan.sweep,
    description: plan.description,
    created_at: new Date().toISOString(),
    code_version: TRAINING_CODE_VERSION,
    // the sweep file it came from: a second file of the same name is warned about (src/run/plan-source.ts)
    source: plan.source ?? null,
    jobs: plan.jobs,
    early_stopping: plan.earlyStopping ?? null,
    ...(plan.searched ? { searched: plan.searched } : {}),
  };
  await writeFileAtomic(path.join(sweepDir, PLAN_FILE), `${JSON.stringify(planFile, null, 1)}\n`);
}

export interface PlannedJob {
  id: string;
  index: number;
  name: string | null;
  settings: RecordedSettings;
}

export interface PlanFile {
  sweep: string | null;
  description: string | null;
  created_at: string | null;
  code_version: number | null;
  jobs: PlannedJob[];
  /** The plan's early stopping (its rung runs are journaled beside the trials), or null. */
  early_stopping?: EarlyStopping | null;
  /** A random search's parameters and whether each was sampled on a log scale, or null. */
  searched?: { key: string; log: boolean }[] | null;
}

export interface PlanRead {
  plan: PlanFile | null;
  warnings: string[];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Parses plan.json's text; `file` names it in warnings. Pure. */
export function parsePlanFile(text: string, file: string): PlanRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { plan: null, warnings: [`${file}: not valid JSON (${(error as Error).message}); pending jobs are not shown`] };
  }
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { jobs?: unknown }).jobs)) {
    return { plan: null, warnings: [`${file}: has no list of jobs; pending jobs are not shown`] };
  }
  const source = raw as Record<string, unknown> & { jobs: unknown[] };
  const warnings: string[] = [];
  const jobs: PlannedJob[] = [];
  source.jobs.forEach((job, i) => {
    const entry = (job ?? {}) as Record<string, unknown>;
    if (typeof entry.id !== 'string') {
      warnings.push(`${file}: jobs[${i}] has no id; skipped`);
      return;
    }
    const missing: string[] = [];
    jobs.push({
      id: entry.id,
      index: typeof entry.index === 'number' ? entry.index : i,
      name: stringOrNull(entry.name),
      settings: readSettings(entry.settings, 'settings', missing),
    });
    if (missing.length > 0) warnings.push(`${file}: jobs[${i}] (${entry.id}) lacks ${missing.join(', ')}`);
  });
  return {
    plan: {
      sweep: stringOrNull(source.sweep),
      description: stringOrNull(source.description),
      created_at: stringOrNull(source.created_at),
      code_version: typeof source.code_version === 'number' ? source.code_version : null,
      jobs,
      early_stopping: earlyStoppingOf(source.early_stopping),
      searched: Array.isArray(source.searched)
        ? source.searched.flatMap((p: { key?: unknown; log?: unknown }) => (typeof p?.key === 'string' ? [{ key: p.key, log: p.log === true }] : []))
        : null,
    },
    warnings,
  };
}

/** plan.json's early stopping, when it has one in full (a plan without one, or an older plan.json: null). */
function earlyStoppingOf(value: unknown): EarlyStopping | null {
  const v = (value ?? {}) as Record<string, unknown>;
  const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  if (v.method !== 'asha' || !whole(v.minEpochs) || !whole(v.maxEpochs) || !whole(v.reductionFactor)) return null;
  if (v.metric !== 'validation_accuracy' && v.metric !== 'validation_loss') return null;
  return { method: 'asha', metric: v.metric, minEpochs: v.minEpochs as number, maxEpochs: v.maxEpochs as number, reductionFactor: v.reductionFactor as number };
}
