/**
 * Content-addressed job ids: the same settings give the same id, whatever file, order or name they came
 * from, so adding a value to a grid keeps the ids (and so the results) of the points already there.
 *
 * The hash covers every setting of `TrainSettings` (each can change what a run computes: seed, dataset,
 * precision, even the kernel set, whose summation order differs) and TRAINING_CODE_VERSION, bumped
 * whenever the code changes what a job computes. The canonical form is RFC 8785 JSON (sorted keys,
 * ECMAScript number text), so `0.1`, `1e-1` and `0.10` in a file all give one id.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { TrainSettings } from '../core/settings.js';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import type { SweepKind } from './schema.js';

/** 12 hex digits = 48 bits: a collision among 10,000 jobs has odds of about 1 in 5 million millions. */
export const JOB_ID_LENGTH = 12;

/** What every job id looks like; an id read from a journal, a queue or a file is checked against it. */
export const JOB_ID_PATTERN = /^[0-9a-f]{12}$/;

export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB_ID_PATTERN.test(value);
}

/** The record that is hashed; exported so that tests and tools can show what an id stands for. */
export function canonicalJob(kind: SweepKind, settings: TrainSettings, codeVersion = TRAINING_CODE_VERSION): string {
  const text = canonicalize({ kind, settings, training_code_version: codeVersion });
  if (text === undefined) throw new TypeError('job settings cannot be written as JSON');
  return text;
}

/** `codeVersion` is the current one when planning; a journal record's own when checking its id. */
export function jobId(kind: SweepKind, settings: TrainSettings, codeVersion = TRAINING_CODE_VERSION): string {
  return createHash('sha256').update(canonicalJob(kind, settings, codeVersion)).digest('hex').slice(0, JOB_ID_LENGTH);
}
