/**
 * A journal record as the report shows it: every field it shows, each null when the record lacks it.
 * The journal's check (journal/check.ts) says which fields a record lacks or cannot be read; this only
 * maps the record onto the report's fully-defaulted shape, so nothing downstream meets `undefined`.
 */
import type { GradcheckReport } from '../core/gradcheck.js';
import type { JournalEntry, ParsedJournal } from '../journal/read.js';
import type { JobStatus, RecordedSettings } from '../journal/record.js';
import { readSettings } from '../journal/recorded-settings.js';

/** Every setting, null where the record (and the plan) did not say. */
export type ReportSettings = RecordedSettings;

export interface ReportEpoch {
  epoch: number;
  train_loss: number | null;
  train_accuracy: number | null;
  validation_loss: number | null;
  validation_accuracy: number | null;
  train_seconds: number | null;
}

export interface ReportRecord {
  id: string;
  status: JobStatus;
  name: string | null;
  index: number | null;
  settings: ReportSettings;
  /** `Name: message` of a failed job; null otherwise. */
  error: string | null;
  epochs: ReportEpoch[];
  test: { loss: number | null; accuracy: number | null } | null;
  /** Where a diverged run stopped; `loss` is null when it was not finite (JSON has no NaN). */
  divergence: { epoch: number | null; batch: number | null; loss: number | null } | null;
  kernels: string | null;
  train_examples_per_second: number | null;
  wall_seconds: number | null;
  code_version: number | null;
  finished_at: string | null;
  /** Present on gradient-check jobs only; its absence is not a gap. */
  gradcheck: GradcheckReport | null;
  /** The first epoch this run trained when it continued an early-stopping rung's end state; null: from epoch 1. */
  continuedFrom: number | null;
}

/** The fields the report shows, so the only gaps it warns about (a failed job's error too). */
const SHOWN = new Set([
  'name', 'index', 'settings', 'epochs', 'kernels', 'train_examples_per_second', 'wall_seconds', 'code_version',
  'finished_at', 'test', 'divergence',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const EPOCH_FIELDS = ['train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'train_seconds'] as const;

function epochsOf(raw: unknown): ReportEpoch[] {
  if (!Array.isArray(raw)) return [];
  const epochs: ReportEpoch[] = [];
  for (const entry of raw) {
    if (!isObject(entry) || typeof entry.epoch !== 'number') continue;
    const epoch = { epoch: entry.epoch } as ReportEpoch;
    for (const field of EPOCH_FIELDS) epoch[field] = numberOrNull(entry[field]);
    epochs.push(epoch);
  }
  return epochs.sort((a, b) => a.epoch - b.epoch);
}

function errorOf(raw: unknown): string | null {
  if (!isObject(raw)) return null;
  return `${stringOrNull(raw.name) ?? 'Error'}: ${stringOrNull(raw.message) ?? '(no message)'}`;
}

/** A journal entry (valid, or incomplete with its gaps) → the report's record, and the gaps it shows empty. */
export function reportRecord(entry: JournalEntry): { record: ReportRecord; missing: string[] } {
  const raw = (entry.verdict === 'valid' ? entry.record : entry.value) as unknown as Json;
  const gaps = entry.verdict === 'valid' ? [] : entry.gaps;
  const status = raw.status as JobStatus;
  const gap = (field: string): boolean => gaps.includes(field);
  const shown = <T>(field: string, read: (value: unknown) => T | null): T | null => (gap(field) ? null : read(raw[field]));
  const test = shown('test', (v) => (isObject(v) ? v : null));
  const divergence = shown('divergence', (v) => (isObject(v) ? v : null));
  const record: ReportRecord = {
    id: raw.id as string,
    status,
    name: shown('name', stringOrNull),
    index: shown('index', numberOrNull),
    settings: readSettings(raw.settings, 'settings', []),
    error: status === 'failed' ? shown('error', errorOf) : null,
    epochs: gap('epochs') ? [] : epochsOf(raw.epochs),
    test: test === null ? null : { loss: numberOrNull(test.loss), accuracy: numberOrNull(test.accuracy) },
    divergence:
      divergence === null
        ? null
        : { epoch: numberOrNull(divergence.epoch), batch: numberOrNull(divergence.batch), loss: numberOrNull(divergence.loss) },
    kernels: shown('kernels', stringOrNull),
    train_examples_per_second: shown('train_examples_per_second', numberOrNull),
    wall_seconds: shown('wall_seconds', numberOrNull),
    code_version: shown('code_version', numberOrNull),
    finished_at: shown('finished_at', stringOrNull),
    gradcheck: isObject(raw.gradcheck) && Array.isArray(raw.gradcheck.rows) ? (raw.gradcheck as unknown as GradcheckReport) : null,
    continuedFrom: isObject(raw.continued_from) ? numberOrNull(raw.continued_from.epoch) : null,
  };
  const missing = gaps.filter((field) => SHOWN.has(field.split(/[.[]/)[0]) || (field === 'error' && status === 'failed'));
  return { record, missing };
}

export interface JournalRead {
  /** The latest record of each job id, in the order the ids first appear. */
  records: ReportRecord[];
  /** Which fields were missing from which job ids (`settings.precision` → ids). */
  missing: Map<string, string[]>;
  warnings: string[];
}

/** The parsed journal as the report uses it: the last record of each id wins (a job re-run with --retry-failed or --force). */
export function journalForReport(parsed: ParsedJournal): JournalRead {
  const latest = new Map<string, { record: ReportRecord; missing: string[] }>();
  for (const entry of parsed.entries) {
    const read = reportRecord(entry);
    latest.set(read.record.id, read);
  }
  const missing = new Map<string, string[]>();
  for (const { record, missing: fields } of latest.values()) {
    for (const field of fields) missing.set(field, [...(missing.get(field) ?? []), record.id]);
  }
  return { records: [...latest.values()].map((entry) => entry.record), missing, warnings: [...parsed.warnings] };
}

/** One warning per missing field: `journal.jsonl: 2 records lack wall_seconds (jobs a, b); shown as empty`. */
export function missingFieldWarnings(missing: ReadonlyMap<string, readonly string[]>, file: string): string[] {
  return [...missing].map(([field, ids]) => {
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, … ${ids.length - 3} more` : '');
    const records = ids.length === 1 ? '1 record lacks' : `${ids.length} records lack`;
    return `${file}: ${records} ${field} (job${ids.length === 1 ? '' : 's'} ${shown}), shown as empty; written by an older mlp-sweep?`;
  });
}
