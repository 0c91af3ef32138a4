/**
 * Why a failed job failed, read from its record's error: the job's own settings, or the machine or
 * queue that ran it. The distinction decides three things:
 *
 * - a plain rerun (no --retry-failed) skips a job that failed for its own reasons, but runs again one
 *   that failed for the machine's or the queue's: that record is not a result of the job;
 * - a queue worker does not retry settings and allocation failures (they fail the same way each time);
 * - a queue worker whose jobs keep failing for its machine's reasons stops itself (quarantine).
 *
 *   { name: 'KernelUnavailableError', … }                         → 'kernels'
 *   { name: 'RangeError', message: 'Array buffer allocation failed' } → 'allocation'
 *   { name: 'Error', message: 'worker thread died while running the job: …' } → 'thread'
 *   { name: 'QueueJobError', … }                                  → 'queue'
 */
import type { JobError, JobRecord } from './record.js';

export type FailureCause = 'settings' | 'allocation' | 'kernels' | 'thread' | 'queue' | 'other';

const ALLOCATION =
  /allocation failed|Invalid typed array length|Invalid array buffer length|out of memory|Memory\.grow|cannot hold \d+ more bytes/i;

export function failureCause(error: Pick<JobError, 'name' | 'message'> | null): FailureCause {
  if (error === null) return 'other';
  if (error.name === 'SettingsError' || error.name === 'SweepFileError') return 'settings';
  // a set that has no path for the asked precision lacks it everywhere: the settings' fault
  if (error.name === 'KernelUnavailableError') return /has no float64 path/.test(error.message) ? 'settings' : 'kernels';
  if (error.name === 'QueueJobError') return 'queue';
  if (error.message.startsWith('worker thread died')) return 'thread';
  if (ALLOCATION.test(error.message)) return 'allocation';
  return 'other';
}

/** A failure of the machine or the queue, not of the job: such a record does not make the job done. */
export function failedOutsideTheJob(record: Pick<JobRecord, 'status' | 'error'>): boolean {
  if (record.status !== 'failed') return false;
  const cause = failureCause(record.error);
  return cause === 'allocation' || cause === 'kernels' || cause === 'thread' || cause === 'queue';
}
