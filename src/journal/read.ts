/**
 * Reading a sweep's journal: one parser for every reader (resume, `plan`'s status column, reports).
 * A line that does not parse (the last one torn by a kill mid-write, or a stray line) is reported as
 * a warning and skipped: one bad line must never hide the records around it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MlpSweepError } from '../errors.js';
import { JOB_STATUSES, JOURNAL_FILE, type JobRecord } from './record.js';

export interface JournalLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

/**
 * Splits a journal's text into parsed JSON lines; `file` names it in warnings. Pure. A complete record
 * always ends with a newline, so only an unparsable final line without one is a torn record.
 */
export function parseJournalLines(text: string, file: string): { lines: JournalLine[]; warnings: string[] } {
  const raw = text.split('\n');
  const lines: JournalLine[] = [];
  const warnings: string[] = [];
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      lines.push({ line: i + 1, value: JSON.parse(line) });
    } catch {
      const why = i === raw.length - 1 ? 'the last line is cut short (a write in progress, or a crash mid-write)' : 'not valid JSON';
      warnings.push(`${file}:${i + 1}: ${why}; skipped`);
    }
  });
  return { lines, warnings };
}

/** The journal's text, or null when the sweep has none yet. */
export function readJournalText(sweepDir: string): string | null {
  const file = path.join(sweepDir, JOURNAL_FILE);
  try {
    // a device or a pipe in its place would be read forever (/dev/zero) or block: refuse it
    if (!statSync(file).isFile()) {
      throw new MlpSweepError('JOURNAL_READ', `${file} is not a regular file`, {
        hint: 'a journal is a plain file written by mlp-sweep; move this one aside',
      });
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface JournalContents {
  records: JobRecord[];
  /** Human-readable problems: `journal.jsonl:14: the last line is cut short (…); skipped`. */
  warnings: string[];
}

/** Every complete record of the sweep's journal, in the order written (each has at least an id and a status). */
export function readJournal(sweepDir: string): JournalContents {
  const text = readJournalText(sweepDir);
  if (text === null) return { records: [], warnings: [] };
  const file = path.join(sweepDir, JOURNAL_FILE);
  const { lines, warnings } = parseJournalLines(text, file);
  const records: JobRecord[] = [];
  for (const { line, value } of lines) {
    const r = value as Partial<JobRecord> | null;
    if (!r || typeof r !== 'object' || typeof r.id !== 'string' || !(JOB_STATUSES as readonly unknown[]).includes(r.status)) {
      warnings.push(`${file}:${line}: not a job record (no id or status); skipped`);
      continue;
    }
    records.push(r as JobRecord);
  }
  return { records, warnings };
}

/** The last record of each job id: a job rerun with --retry-failed or --force has several. */
export function latestById(records: readonly JobRecord[]): Map<string, JobRecord> {
  const latest = new Map<string, JobRecord>();
  for (const record of records) latest.set(record.id, record);
  return latest;
}
