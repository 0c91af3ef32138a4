/**
 * Reads a sweep's journal: every complete record, in the order written. A line that does not parse
 * (the last one torn by a kill mid-write, or a stray line) is reported as a warning and skipped: one
 * bad line must never hide the records around it.
 */
import { readFileSync, statSync } from 'node:fs';
import { MlpSweepError } from '../errors.js';
import path from 'node:path';
import type { JobRecord } from './record.js';
import { JOB_STATUSES, JOURNAL_FILE } from './status.js';

export interface JournalContents {
  records: JobRecord[];
  /** Human-readable problems: `journal.jsonl:14: torn record (kill mid-write?), ignored`. */
  warnings: string[];
}

export function readJournal(sweepDir: string): JournalContents {
  const file = path.join(sweepDir, JOURNAL_FILE);
  let text: string;
  try {
    // a device or a pipe in its place would be read forever (/dev/zero) or block: refuse it
    if (!statSync(file).isFile()) {
      throw new MlpSweepError('JOURNAL_READ', `${file} is not a regular file`, {
        hint: 'a journal is a plain file written by mlp-sweep; move this one aside',
      });
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
    throw error;
  }
  const lines = text.split('\n');
  const records: JobRecord[] = [];
  const warnings: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    const isLast = i === lines.length - 1; // a complete record always ends with a newline
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      warnings.push(
        `${where}: ${isLast ? 'torn last record (the run was killed while writing it)' : 'unreadable line'}, ignored`,
      );
      return;
    }
    const r = record as Partial<JobRecord> | null;
    if (!r || typeof r !== 'object' || typeof r.id !== 'string' || !(JOB_STATUSES as readonly unknown[]).includes(r.status)) {
      warnings.push(`${where}: not a job record (no id or status), ignored`);
      return;
    }
    records.push(r as JobRecord);
  });
  return { records, warnings };
}

/** The last record of each job id: a job rerun with --retry-failed or --force has several. */
export function latestById(records: readonly JobRecord[]): Map<string, JobRecord> {
  const latest = new Map<string, JobRecord>();
  for (const record of records) latest.set(record.id, record);
  return latest;
}
