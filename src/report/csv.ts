/**
 * The CSV files: `summary.csv`, one row per job of the plan, and `epochs.csv`, one row per job and epoch
 * (long form). Pure: results in, text out. Numbers are written in full precision (JavaScript's shortest
 * round-trip form), accuracies as fractions 0–1 as the journal has them, absent values as empty cells.
 *
 * hidden_sizes is written as JSON (`[512,1024]`): unlike `512-1024` it cannot be taken for a date or a
 * number by a spreadsheet (`1-12` would become 12 January), `[]` (no hidden layer) stays distinct from an
 * empty cell (unknown), and any JSON parser reads it back.
 */
import { stringify } from 'csv-stringify/sync';
import { SETTING_NAMES } from '../sweep/schema.js';
import { jobOutcome } from './outcome.js';
import type { SweepResults } from './results.js';

type Cell = string | number | null;

function settingCell(value: unknown): Cell {
  if (Array.isArray(value)) return JSON.stringify(value);
  return value as Cell;
}

/**
 * A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets a leading `'`, which spreadsheets show as text: names and error messages
 * come from records, and records can come from other machines. Numbers are never text cells here.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  // cast: an empty cell for null; numbers through String(), which round-trips every double.
  const cell = (v: Cell): string | number => (v === null ? '' : typeof v === 'string' ? neutraliseFormula(v) : v);
  return stringify([columns, ...rows.map((row) => row.map(cell))], {
    cast: { number: (n) => String(n) },
  });
}

export const SUMMARY_COLUMNS = [
  'job_id',
  'index',
  'name',
  'status',
  ...SETTING_NAMES,
  'epochs_completed',
  'final_train_loss',
  'final_train_accuracy',
  'final_validation_loss',
  'final_validation_accuracy',
  'test_loss',
  'test_accuracy',
  'best_validation_accuracy',
  'best_validation_epoch',
  'wall_seconds',
  'train_examples_per_second',
  'kernel_set',
  'diverged_at_epoch',
  'diverged_at_batch',
  'error',
  'finished_at',
] as const;

/** summary.csv: every job of the plan in plan order, pending ones with their settings and empty results. */
export function summaryCsv(results: SweepResults): string {
  const rows = results.jobs.map((job): Cell[] => {
    const outcome = jobOutcome(job);
    const record = job.record;
    return [
      job.id,
      job.index,
      job.name,
      job.status,
      ...SETTING_NAMES.map((key) => settingCell(job.settings[key])),
      outcome.final?.epoch ?? null,
      outcome.final?.train_loss ?? null,
      outcome.final?.train_accuracy ?? null,
      outcome.final?.validation_loss ?? null,
      outcome.final?.validation_accuracy ?? null,
      outcome.testLoss,
      outcome.testAccuracy,
      outcome.best?.accuracy ?? null,
      outcome.best?.epoch ?? null,
      outcome.wallSeconds,
      record?.train_examples_per_second ?? null,
      record?.kernels ?? null,
      record?.divergence?.epoch ?? null,
      record?.divergence?.batch ?? null,
      record?.error ?? null,
      record?.finished_at ?? null,
    ];
  });
  return toCsv(SUMMARY_COLUMNS, rows);
}

export const EPOCH_COLUMNS = [
  'job_id',
  'epoch',
  'train_loss',
  'train_accuracy',
  'validation_loss',
  'validation_accuracy',
  'train_seconds',
] as const;

/** epochs.csv: every epoch recorded (0 is before training, so its train columns are empty), jobs in plan order. */
export function epochsCsv(results: SweepResults): string {
  const rows = results.jobs.flatMap((job) =>
    (job.record?.epochs ?? []).map((e): Cell[] => [
      job.id,
      e.epoch,
      e.train_loss,
      e.train_accuracy,
      e.validation_loss,
      e.validation_accuracy,
      e.train_seconds,
    ]),
  );
  return toCsv(EPOCH_COLUMNS, rows);
}
