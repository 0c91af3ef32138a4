/**
 * What a sweep's journal says about its jobs: the latest status of each id (for `plan`'s status column).
 */
import { latestById, readJournal } from './read.js';
import type { JobStatus } from './record.js';

export { JOB_STATUSES, JOURNAL_FILE, type JobStatus } from './record.js';

/**
 * The latest status of each job in the sweep's journal; empty when there is no journal yet. Unreadable
 * lines (a torn last one) and records without a known status are skipped.
 */
export function readJobStatuses(sweepResultsDir: string): Map<string, JobStatus> {
  const latest = latestById(readJournal(sweepResultsDir).records);
  return new Map([...latest].map(([id, record]) => [id, record.status]));
}
