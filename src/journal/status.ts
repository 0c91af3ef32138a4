/**
 * What a sweep's journal says about its jobs: `<results>/<sweep>/journal.jsonl`, one JSON record per line,
 * each with at least `id` and `status`. Read-only; the journal's writer lives elsewhere.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const JOB_STATUSES = ['ok', 'diverged', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOURNAL_FILE = 'journal.jsonl';

/**
 * The latest status of each job in the sweep's journal; empty when there is no journal yet. A line that
 * cannot be parsed is skipped: the last one may be torn by a crash mid-write, and one bad line must not hide
 * the others. Records without a known status are ignored.
 */
export function readJobStatuses(sweepResultsDir: string): Map<string, JobStatus> {
  let text: string;
  try {
    text = readFileSync(path.join(sweepResultsDir, JOURNAL_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const statuses = new Map<string, JobStatus>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (record === null || typeof record !== 'object') continue;
    const { id, status } = record as { id?: unknown; status?: unknown };
    if (typeof id === 'string' && (JOB_STATUSES as readonly unknown[]).includes(status)) {
      statuses.set(id, status as JobStatus);
    }
  }
  return statuses;
}
