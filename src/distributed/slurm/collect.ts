/**
 * Collect: the records that array tasks wrote → the sweep's journal, under the sweep's lock, like a
 * coordinator (the journal keeps a single writer at a time). Idempotent: a record is appended only if
 * the journal has no record of its job, or has one that is not ok and is not this very record (a
 * failed job that ran again). Collecting twice, or while tasks still run, never duplicates a job.
 *
 * Every record file is checked before it is taken: it must parse, be one of its frozen plan's jobs,
 * and pass the same check as a queue worker's result (result-check.ts: code version, dataset,
 * settings); what the planner decided is then taken from the frozen job. Any other file is skipped
 * with a warning, and a frozen plan that is refused is counted and its records left alone.
 *
 * A task of a plan frozen with `keep: final` writes its model beside the plan (models/<job id>.safetensors);
 * collect moves it to the sweep's models/ with its record, where `export` and the report find it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { modelFile } from '../../journal/checkpoint/model-file.js';
import { acquireLock } from '../../journal/lock.js';
import { latestById, readJournal } from '../../journal/read.js';
import type { JobRecord } from '../../journal/record.js';
import { JournalWriter } from '../../journal/writer.js';
import { adoptRecord, recordProblem } from '../result-check.js';
import { type FrozenPlan, readFrozenPlan } from './frozen-plan.js';
import { FROZEN_PLAN_FILE, RECORDS_DIR, SCRIPT_FILE, SLURM_DIR } from './layout.js';

export interface MissingTasks {
  /** The frozen plan's folder, and its script for resubmitting. */
  dir: string;
  script: string;
  /** Array task indices whose job has no record anywhere yet. */
  indices: number[];
}

export interface Collected {
  sweepDir: string;
  /** Frozen plans found and read. */
  plans: number;
  /** Frozen plans refused (edited, moved, another code version): their records are not collected. */
  refused: number;
  appended: JobRecord[];
  /** Record files whose job the journal already has. */
  already: number;
  warnings: string[];
  missing: MissingTasks[];
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function readRecord(file: string, plan: FrozenPlan): { record: JobRecord } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problem: `not a readable record (${(error as Error).message})` };
  }
  const r = raw as Partial<JobRecord> | null;
  if (r === null || typeof r !== 'object' || typeof r.id !== 'string') return { problem: 'not a job record (no id)' };
  const job = plan.jobs.find((j) => j.id === r.id);
  if (r.sweep !== plan.sweep || job === undefined) return { problem: `job ${r.sweep}/${r.id} is not in its frozen plan` };
  if (path.basename(file) !== `${r.id}.json`) return { problem: `holds the record of job ${r.id}` };
  const problem = recordProblem(r, job, plan.dataset_digest);
  if (problem !== null) return { problem: `${problem}, not one of its frozen plan` };
  return { record: adoptRecord(r as JobRecord, job) };
}

const sameRecord = (a: JobRecord, b: JobRecord): boolean => a.finished_at === b.finished_at && a.worker === b.worker;

/** Moves a task's kept model (if it wrote one) into the sweep's models/; a warning if it cannot. */
function moveModel(frozenDir: string, sweepDir: string, jobId: string): string | null {
  const from = modelFile(frozenDir, jobId);
  const to = modelFile(sweepDir, jobId);
  if (!existsSync(from)) return null;
  try {
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(from, to);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : `${from}: not moved to ${to} (${code ?? (error as Error).message})`;
  }
}

export function collectSweep(sweepDir: string): Collected {
  const lock = acquireLock(sweepDir);
  const writer = new JournalWriter(sweepDir);
  try {
    const { records, warnings } = readJournal(sweepDir);
    const latest = latestById(records);
    const result: Collected = { sweepDir, plans: 0, refused: 0, appended: [], already: 0, warnings: [...warnings], missing: [] };
    for (const name of listDir(path.join(sweepDir, SLURM_DIR))) {
      const dir = path.join(sweepDir, SLURM_DIR, name);
      const planFile = path.join(dir, FROZEN_PLAN_FILE);
      let plan: FrozenPlan;
      try {
        plan = readFrozenPlan(planFile, null);
      } catch (error) {
        result.warnings.push(`${(error as Error).message}; its records are not collected`);
        result.refused++;
        continue;
      }
      result.plans++;
      // temporary files of a task killed mid-write start with a dot: never records
      for (const entry of listDir(path.join(dir, RECORDS_DIR)).filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
        const file = path.join(dir, RECORDS_DIR, entry);
        const read = readRecord(file, plan);
        if ('problem' in read) {
          result.warnings.push(`${file}: ${read.problem}; skipped`);
          continue;
        }
        const known = latest.get(read.record.id);
        const moved = moveModel(dir, sweepDir, read.record.id);
        if (moved !== null) result.warnings.push(moved);
        if (known && (known.status === 'ok' || sameRecord(known, read.record))) {
          result.already++;
          continue;
        }
        writer.append(read.record);
        latest.set(read.record.id, read.record);
        result.appended.push(read.record);
      }
      const indices = plan.jobs.flatMap((job, i) => (latest.has(job.id) ? [] : [i]));
      if (indices.length > 0) result.missing.push({ dir, script: path.join(dir, SCRIPT_FILE), indices });
    }
    return result;
  } finally {
    writer.close();
    lock.release();
  }
}
