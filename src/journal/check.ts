/**
 * The one check of a journal record, wherever one is read (resume, `plan`'s status column, reports,
 * Slurm collect, the queue launcher): the record schema (ajv, compiled once), then that its id is the
 * content hash of its kind and settings under the code version that computed it, so a record whose
 * settings were changed under a kept id is never taken for that job's result.
 *
 * Three verdicts: `valid` (trusted); `incomplete`, a record with an id and a known status whose other
 * fields do not all pass (written by an older mlp-sweep, or edited): reports show it with its gaps
 * empty, resume does not trust it; `refused`, anything else (not an object, no id, no known status,
 * an id that is not its settings' hash).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { type ValidatorSpec, validator } from '../core/validator.js';
import { isJobId, jobId } from '../sweep/ids.js';
import { JOB_STATUSES, JobRecordSchema, type JobRecord, type JobStatus } from './record.js';

export const JOB_RECORD_VALIDATOR: ValidatorSpec = { name: 'job-record', schema: JobRecordSchema, options: { allErrors: true, allowUnionTypes: true } };
const recordValidator = (): ValidateFunction<JobRecord> => validator<JobRecord>(JOB_RECORD_VALIDATOR);

export type RecordCheck =
  | { verdict: 'valid'; record: JobRecord }
  | {
      verdict: 'incomplete';
      id: string;
      status: JobStatus;
      value: Record<string, unknown>;
      /** The fields absent or unreadable, in the schema's order: `settings.precision`, `epochs[].train_seconds`, `test`. */
      gaps: string[];
    }
  | { verdict: 'refused'; problem: string };

const FIELD_ORDER = Object.keys(JobRecordSchema.properties);

/** An ajv error → the field it is about, in the words of the warnings: `settings.seed`, `epochs[].train_loss`. */
function gapOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  const [top, second, third] = segments;
  if (top === 'epochs' && second !== undefined) return third === undefined ? 'epochs[]' : `epochs[].${third}`;
  if (top === 'settings' && second !== undefined) return `settings.${second}`;
  return top ?? '';
}

function gapsOf(errors: readonly ErrorObject[]): string[] {
  const gaps = [...new Set(errors.map(gapOf))];
  const rank = (gap: string): number => {
    const i = FIELD_ORDER.indexOf(gap.split(/[.[]/)[0]);
    return i < 0 ? FIELD_ORDER.length : i;
  };
  return gaps.sort((a, b) => rank(a) - rank(b)); // stable: within a field, the schema's order stays
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Checks one parsed record; never throws. */
export function checkRecord(value: unknown): RecordCheck {
  if (!isObject(value)) return { verdict: 'refused', problem: 'is not a JSON object' };
  const { id, status } = value;
  if (typeof id !== 'string' || id === '') return { verdict: 'refused', problem: 'has no job id' };
  // ids name files (figures/jobs/<id>-loss.svg): one that is not a job id (`../../x`) is no job's
  if (!isJobId(id)) return { verdict: 'refused', problem: `has an id that is not a job id (got ${JSON.stringify(id).slice(0, 40)})` };
  if (!(JOB_STATUSES as readonly unknown[]).includes(status)) {
    return { verdict: 'refused', problem: `job ${id} has no known status (got ${JSON.stringify(status) ?? 'nothing'})` };
  }
  const validateRecord = recordValidator();
  if (!validateRecord(value)) {
    return { verdict: 'incomplete', id, status: status as JobStatus, value, gaps: gapsOf(validateRecord.errors ?? []) };
  }
  const expected = jobId(value.kind ?? 'train', value.settings, value.code_version);
  if (expected !== id) {
    return {
      verdict: 'refused',
      problem: `of job ${id} is not that job's: the content hash of its settings is ${expected} (changed after it ran?)`,
    };
  }
  return { verdict: 'valid', record: value };
}

/** The warning for a record resume and statuses do not trust: the same words in every command. */
export function untrustedWarning(file: string, line: number, id: string, gaps: readonly string[]): string {
  const shown = gaps.slice(0, 4).join(', ') + (gaps.length > 4 ? `, … ${gaps.length - 4} more` : '');
  return `${file}:${line}: the record of job ${id} lacks or has unreadable ${shown}; not trusted, so the job counts as not run`;
}
