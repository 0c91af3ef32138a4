/**
 * Reading a sweep's journal: one parser for every reader (resume, `plan`'s status column, reports, collect).
 * A line that does not parse (the last one torn by a kill mid-write, or a stray line) is reported as
 * a warning and skipped: one bad line must never hide the records around it.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MlpSweepError } from '../errors.js';
import { FileSystemError, isSystemError } from '../fs/errors.js';
import { type RecordCheck, checkRecord, untrustedWarning } from './check.js';
import { JOURNAL_FILE, type JobRecord, type JobStatus } from './record.js';

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

/**
 * The journal's text, or null when the sweep has none yet. A symbolic link is refused (the folder's
 * journal is its own file: `run` would append to the link's target), and so is anything but a regular
 * file (a device would be read forever, /dev/zero, or a pipe block); read errors name the file.
 */
export function readJournalText(sweepDir: string): string | null {
  const file = path.join(sweepDir, JOURNAL_FILE);
  try {
    const info = lstatSync(file);
    if (!info.isFile()) {
      const what = info.isSymbolicLink() ? 'is a symbolic link' : info.isDirectory() ? 'is a directory' : 'is not a regular file';
      throw new MlpSweepError('JOURNAL_READ', `${file} ${what}, not a journal`, {
        hint: 'a journal is a plain file written by mlp-sweep in its results folder; move this one aside',
      });
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (isSystemError(error)) throw new FileSystemError(error, file);
    throw error;
  }
}

export type JournalEntry = { line: number } & Exclude<RecordCheck, { verdict: 'refused' }>;

export interface ParsedJournal {
  /** Every line that is a record, valid or incomplete, in the order written. */
  entries: JournalEntry[];
  /** Lines that are no record: torn, not JSON, refused by the check (with the reason). */
  warnings: string[];
}

/** The one journal parser: every line through checkRecord. Pure; `file` names the journal in warnings. */
export function parseJournal(text: string, file: string): ParsedJournal {
  const { lines, warnings } = parseJournalLines(text, file);
  const entries: JournalEntry[] = [];
  for (const { line, value } of lines) {
    const check = checkRecord(value);
    if (check.verdict === 'refused') warnings.push(`${file}:${line}: the record ${check.problem}; skipped`);
    else entries.push({ line, ...check });
  }
  return { entries, warnings };
}

export interface JournalContents {
  /** The valid records, in the order written. */
  records: JobRecord[];
  /** Human-readable problems: `journal.jsonl:14: the last line is cut short (…); skipped`. */
  warnings: string[];
}

/** The trusted records of a parsed journal; an incomplete one is warned about and left out. */
export function trustedRecords(parsed: ParsedJournal, file: string): JournalContents {
  const records: JobRecord[] = [];
  const warnings = [...parsed.warnings];
  for (const entry of parsed.entries) {
    if (entry.verdict === 'valid') records.push(entry.record);
    else warnings.push(untrustedWarning(file, entry.line, entry.id, entry.gaps));
  }
  return { records, warnings };
}

/** Every valid record of the sweep's journal, in the order written, and a warning for each line left out. */
export function readJournal(sweepDir: string): JournalContents {
  const text = readJournalText(sweepDir);
  if (text === null) return { records: [], warnings: [] };
  const file = path.join(sweepDir, JOURNAL_FILE);
  return trustedRecords(parseJournal(text, file), file);
}

/** The last record of each job id: a job rerun with --retry-failed or --force has several. */
export function latestById(records: readonly JobRecord[]): Map<string, JobRecord> {
  const latest = new Map<string, JobRecord>();
  for (const record of records) latest.set(record.id, record);
  return latest;
}

/**
 * The latest status of each job in the sweep's journal (`plan`'s status column); empty when there is
 * no journal yet. Only valid records count: lines left out are warned about through `onWarning`.
 */
export function readJobStatuses(sweepResultsDir: string, onWarning?: (message: string) => void): Map<string, JobStatus> {
  const { records, warnings } = readJournal(sweepResultsDir);
  for (const message of warnings) onWarning?.(message);
  return new Map([...latestById(records)].map(([id, record]) => [id, record.status]));
}
