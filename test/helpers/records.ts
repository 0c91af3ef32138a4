import type { JobRecord, JobStatus } from '../../src/journal/record.js';
import { failedRecord } from '../../src/execute/execute-job.js';
import type { Job } from '../../src/sweep/job.js';

/** A record of `job` that passes the journal's check, with the given status (no metrics: none are read). */
export function recordOf(job: Job, status: JobStatus): JobRecord {
  const failed = failedRecord(job, new Error('boom'), 0.5, null);
  return status === 'failed' ? failed : { ...failed, status, error: null };
}

export const journalText = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');
