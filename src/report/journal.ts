/**
 * Reading a sweep's journal (`journal.jsonl`, one JobRecord per line) for the report: the last record of
 * each id wins (a job re-run with --retry-failed or --force appends a new one), a line that is not JSON is
 * skipped with a warning (the last may be torn by a crash mid-write), and fields an older record lacks are
 * gathered into one warning per field rather than one per record.
 */
import { parseJournalLines } from '../journal/read.js';
import { normaliseRecord, type ReportRecord } from './record.js';

export interface JournalRead {
  /** The latest record of each job id, in the order the ids first appear. */
  records: ReportRecord[];
  /** Which fields were missing from which job ids (`settings.precision` → ids). */
  missing: Map<string, string[]>;
  warnings: string[];
}

/** Parses the journal's text; `file` names it in warnings. Pure. */
export function parseJournal(text: string, file: string): JournalRead {
  const latest = new Map<string, { record: ReportRecord; missing: string[] }>();
  const { lines, warnings } = parseJournalLines(text, file);
  for (const { line, value } of lines) {
    const normalised = normaliseRecord(value);
    if (!normalised.ok) {
      warnings.push(`${file}:${line}: the record ${normalised.problem}; skipped`);
      continue;
    }
    latest.set(normalised.record.id, { record: normalised.record, missing: normalised.missing });
  }
  const missing = new Map<string, string[]>();
  for (const { record, missing: fields } of latest.values()) {
    for (const field of fields) missing.set(field, [...(missing.get(field) ?? []), record.id]);
  }
  return { records: [...latest.values()].map((entry) => entry.record), missing, warnings };
}

/** One warning per missing field: `journal.jsonl: 2 records lack wall_seconds (jobs a, b); shown as empty`. */
export function missingFieldWarnings(missing: ReadonlyMap<string, readonly string[]>, file: string): string[] {
  return [...missing].map(([field, ids]) => {
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, … ${ids.length - 3} more` : '');
    const records = ids.length === 1 ? '1 record lacks' : `${ids.length} records lack`;
    return `${file}: ${records} ${field} (job${ids.length === 1 ? '' : 's'} ${shown}), shown as empty; written by an older mlp-sweep?`;
  });
}
