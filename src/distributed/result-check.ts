/**
 * A record that comes back from another machine (a queue worker's result, a Slurm task's file) is
 * input, so the receiver (the coordinator, collect) checks it against the job it planned before it
 * is journaled. What is checked, and what cannot be:
 *
 * - it is a record of this job (id, sweep), of this training-code version and dataset;
 * - its settings are exactly the job's (canonical JSON): a record of other settings is refused;
 * - it passes the journal's one record check (journal/check.ts: the record schema, and its id the
 *   content hash of its settings);
 * - what the planner decided (settings, name, index, varying, kind) is then taken from the planned
 *   job, never from the record, so a forged message or record cannot rename or re-place a job.
 *
 * The metrics themselves (losses, accuracies, timings) are trusted: they cannot be checked without
 * computing the job again. docs/DISTRIBUTED.md states this trust model.
 */
import canonicalize from 'canonicalize';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import { checkRecord } from '../journal/check.js';
import type { JobRecord } from '../journal/record.js';
import type { Job } from '../sweep/job.js';

/** Why `value` is not an acceptable record of `job`; null when it is. */
export function recordProblem(value: unknown, job: Job, datasetDigest: string): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'no record';
  const record = value as Partial<JobRecord>;
  if (record.id !== job.id || record.sweep !== job.sweep) return `a record of ${String(record.sweep)}/${String(record.id)}`;
  const settings = settingsDifference(record.settings, job.settings);
  if (settings !== null) return `a record whose settings differ from the job's (${settings})`;
  const check = checkRecord(value);
  if (check.verdict === 'refused') return `a record that ${check.problem}`;
  if (check.verdict === 'incomplete') return `a record that lacks or has unreadable ${check.gaps.slice(0, 4).join(', ')}`;
  if (record.code_version !== TRAINING_CODE_VERSION) return `a record of training-code version ${String(record.code_version)}`;
  if (record.dataset_digest !== datasetDigest) return 'a record computed on another dataset';
  return null;
}

/** The record as journaled: what the planner decided comes from the planned job. */
export function adoptRecord(record: JobRecord, job: Job): JobRecord {
  return { ...record, id: job.id, sweep: job.sweep, name: job.name, index: job.index, varying: job.varying, settings: job.settings, kind: job.kind };
}

/** The first setting that differs, as `key: got … for …`; null when they are the same. */
function settingsDifference(got: unknown, planned: Job['settings']): string | null {
  if (canonicalize(got) === canonicalize(planned)) return null;
  if (got === null || typeof got !== 'object') return `settings ${short(got)}`;
  const keys = new Set([...Object.keys(got), ...Object.keys(planned)]);
  for (const key of [...keys].sort()) {
    const a = (got as Record<string, unknown>)[key];
    const b = (planned as unknown as Record<string, unknown>)[key];
    if (canonicalize(a) !== canonicalize(b)) return `${key}: ${short(a)} for ${short(b)}`;
  }
  return 'settings';
}

function short(value: unknown): string {
  const text = canonicalize(value) ?? String(value);
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
