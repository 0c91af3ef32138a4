/**
 * The queue's settings, normalised once with their defaults, and how a planned job is named on the
 * queue. Job ids on the queue are `<sweep>/<content id>`:
 *
 * - the content id alone would merge the same settings planned by two sweeps into one queue job, whose
 *   record (sweep, name, index, varying) belongs to whichever sweep enqueued it first, so the sweep's
 *   name is part of the id; sweeps' names are unique per results folder already, and cannot hold `/`;
 * - the plan's hash is not: editing a sweep file (a new grid value) changes the hash, and jobs already
 *   queued or finished under the old plan must keep their ids, or a restarted coordinator would
 *   enqueue them again. The content id already covers the training-code version.
 */
import type { Job } from '../../sweep/job.js';

export const DEFAULT_QUEUE_NAME = 'mlp-sweep';
/** A queue's name: BullMQ forbids `:`; keep it to the safe names sweeps use. */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const QUEUE_DEFAULTS = {
  name: DEFAULT_QUEUE_NAME,
  /** Tries after the first, for a job whose record says failed (or whose worker thread died). */
  retries: 2,
  /** First wait before a retry; it doubles each time (BullMQ's exponential backoff). */
  backoffMs: 5_000,
  /** How long finished jobs (and their records) stay in Redis for a restarted coordinator to collect. */
  keepHours: 7 * 24,
  /** A worker holds a job's lock this long and renews it at half of it; a dead worker's lock lapses. */
  lockDurationMs: 15_000,
  /** How often workers look for jobs whose lock lapsed (stalled: their worker died) and requeue them. */
  stalledIntervalMs: 5_000,
  /** A job that stalls more often than this is failed (it may be what kills its workers). */
  maxStalledCount: 2,
  /**
   * Each step of a stop that needs Redis (handing a record or a job back, closing) gets this long;
   * past it the worker exits and says what it could not hand back (its locks then lapse).
   */
  stopTimeoutMs: 10_000,
  /** A worker whose jobs fail this many times in a row for its machine's reasons stops itself. */
  quarantineAfter: 3,
  /** The coordinator stops (exit 1, journal intact) when Redis is unreachable this long. */
  outageLimitMs: 5 * 60_000,
  /**
   * A job's attached checkpoint (attached-checkpoint.ts) is at most this big: 16 MiB, four times the
   * study's network (3.95 MB in float32) and twice it in float64 (7.7 MB).
   */
  attachLimitBytes: 16 * 2 ** 20,
  /** An attached checkpoint expires this long after its last write: as long as Redis keeps finished jobs. */
  attachTtlSeconds: 7 * 24 * 3600,
} as const;

/** What the coordinator sets on every job it enqueues. */
export interface CoordinatorQueueSettings {
  name: string;
  retries: number;
  backoffMs: number;
  keepHours: number;
  outageLimitMs: number;
  /** Signs every message (and checks every result) with this shared secret; null: unsigned. */
  secret: string | null;
}

/** What a worker process runs with. */
export interface WorkerQueueSettings {
  name: string;
  /** Jobs at once: one Piscina thread each. */
  workers: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  stopTimeoutMs: number;
  quarantineAfter: number;
  /** Refuses every message not signed with this shared secret (and signs its results); null: unsigned. */
  secret: string | null;
  /** The largest checkpoint attached to a job in Redis (attached-checkpoint.ts), in bytes; 0: none. */
  attachLimitBytes: number;
}

export function queueJobId(job: Pick<Job, 'sweep' | 'id'>): string {
  return `${job.sweep}/${job.id}`;
}

/**
 * The Redis key of the checkpoint attached to a queue job (attached-checkpoint.ts), beside BullMQ's own
 * keys of the job: `<BullMQ's key of the job>:checkpoint`, e.g. bull:mlp-sweep:lr/3d3653495273:checkpoint.
 */
export function attachedKey(jobKey: string): string {
  return `${jobKey}:checkpoint`;
}
