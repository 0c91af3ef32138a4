/**
 * A journal record as the report reads it: every field it shows, each null when the record lacks it.
 * Records written by an older mlp-sweep may lack fields; the report still shows them, with the gaps empty,
 * and says which fields were missing. Normalised here, once, so nothing downstream meets `undefined`.
 */
import type { GradcheckReport } from '../core/gradcheck.js';
import type { TrainSettings } from '../core/settings.js';
import { JOB_STATUSES, type JobStatus } from '../journal/status.js';
import { SETTING_NAMES, type SettingName } from '../sweep/schema.js';

/** Every setting, null where the record (and the plan) did not say. */
export type ReportSettings = { [K in SettingName]: TrainSettings[K] | null };

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
}

/** A line of the journal turned into a record, with the paths of the fields it lacked (`settings.precision`). */
export type Normalised = { ok: true; record: ReportRecord; missing: string[] } | { ok: false; problem: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SETTING_TYPES: Record<SettingName, 'string' | 'number' | 'sizes' | 'number-or-null'> = {
  dataset: 'string',
  hidden_sizes: 'sizes',
  activation: 'string',
  init: 'string',
  learning_rate: 'number',
  batch_size: 'number',
  epochs: 'number',
  precision: 'string',
  kernels: 'string',
  seed: 'number',
  train_limit: 'number-or-null',
};

function settingValue(key: SettingName, value: unknown): { value: unknown } | undefined {
  switch (SETTING_TYPES[key]) {
    case 'string':
      return typeof value === 'string' ? { value } : undefined;
    case 'number':
      return typeof value === 'number' ? { value } : undefined;
    case 'number-or-null':
      return typeof value === 'number' || value === null ? { value } : undefined;
    case 'sizes':
      return Array.isArray(value) && value.every((n) => typeof n === 'number') ? { value: [...value] } : undefined;
  }
}

/** Reads the settings a record (or a plan's job) carries; `missing` gets the path of each absent or unreadable one. */
export function readSettings(raw: unknown, prefix: string, missing: string[]): ReportSettings {
  const settings = {} as Record<SettingName, unknown>;
  const source = isObject(raw) ? raw : {};
  if (!isObject(raw)) missing.push(prefix);
  for (const key of SETTING_NAMES) {
    const read = settingValue(key, source[key]);
    settings[key] = read === undefined ? null : read.value;
    if (read === undefined && isObject(raw)) missing.push(`${prefix}.${key}`);
  }
  return settings as ReportSettings;
}

/** Field readers: each returns the value, or records the field as missing and returns null. */
class Reader {
  readonly missing: string[] = [];
  constructor(private readonly raw: Json) {}

  private take<T>(key: string, accept: (value: unknown) => value is T): T | null {
    const value = this.raw[key];
    if (accept(value)) return value;
    this.missing.push(key);
    return null;
  }

  number(key: string): number | null {
    return this.take(key, (v): v is number => typeof v === 'number');
  }

  string(key: string): string | null {
    return this.take(key, (v): v is string => typeof v === 'string');
  }

  /** A field whose null is a real value (a grid job has no name): only its absence is a gap. */
  nullable<T>(key: string, accept: (value: unknown) => value is T): T | null {
    return this.take(key, (v): v is T | null => v === null || accept(v));
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

const EPOCH_FIELDS = ['train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'train_seconds'] as const;

function readEpochs(raw: unknown, missing: string[]): ReportEpoch[] {
  if (!Array.isArray(raw)) {
    missing.push('epochs');
    return [];
  }
  const lacking = new Set<string>();
  const epochs: ReportEpoch[] = [];
  for (const entry of raw) {
    if (!isObject(entry) || typeof entry.epoch !== 'number') {
      lacking.add('epochs[].epoch');
      continue;
    }
    const epoch: ReportEpoch = {
      epoch: entry.epoch,
      train_loss: null,
      train_accuracy: null,
      validation_loss: null,
      validation_accuracy: null,
      train_seconds: null,
    };
    for (const field of EPOCH_FIELDS) {
      // Epoch 0 has no training, so its train loss and accuracy are null by design.
      if (!(field in entry) || (entry[field] !== null && typeof entry[field] !== 'number')) lacking.add(`epochs[].${field}`);
      epoch[field] = numberOrNull(entry[field]);
    }
    epochs.push(epoch);
  }
  missing.push(...lacking);
  return epochs.sort((a, b) => a.epoch - b.epoch);
}

function readError(raw: unknown): string | null {
  if (!isObject(raw)) return null;
  const name = typeof raw.name === 'string' ? raw.name : 'Error';
  const message = typeof raw.message === 'string' ? raw.message : '(no message)';
  return `${name}: ${message}`;
}

/** Turns one parsed journal line into a record; a line without an id or a known status cannot be reported. */
export function normaliseRecord(raw: unknown): Normalised {
  if (!isObject(raw)) return { ok: false, problem: 'is not a JSON object' };
  if (typeof raw.id !== 'string' || raw.id === '') return { ok: false, problem: 'has no job id' };
  if (!(JOB_STATUSES as readonly unknown[]).includes(raw.status)) {
    return { ok: false, problem: `job ${raw.id} has no known status (got ${JSON.stringify(raw.status) ?? 'nothing'})` };
  }
  const read = new Reader(raw);
  const status = raw.status as JobStatus;
  const record: ReportRecord = {
    id: raw.id,
    status,
    name: read.nullable('name', isString),
    index: read.number('index'),
    settings: readSettings(raw.settings, 'settings', read.missing),
    error: status === 'failed' ? (read.nullable('error', isObject) === null ? null : readError(raw.error)) : null,
    epochs: readEpochs(raw.epochs, read.missing),
    test: null,
    divergence: null,
    kernels: read.nullable('kernels', isString),
    train_examples_per_second: read.nullable('train_examples_per_second', isNumber),
    wall_seconds: read.number('wall_seconds'),
    code_version: read.number('code_version'),
    finished_at: read.string('finished_at'),
    gradcheck: isObject(raw.gradcheck) && Array.isArray(raw.gradcheck.rows) ? (raw.gradcheck as unknown as GradcheckReport) : null,
  };
  const test = read.nullable('test', isObject);
  if (test !== null) record.test = { loss: numberOrNull(test.loss), accuracy: numberOrNull(test.accuracy) };
  const divergence = read.nullable('divergence', isObject);
  if (divergence !== null) {
    record.divergence = {
      epoch: numberOrNull(divergence.epoch),
      batch: numberOrNull(divergence.batch),
      loss: numberOrNull(divergence.loss),
    };
  }
  return { ok: true, record, missing: read.missing };
}
