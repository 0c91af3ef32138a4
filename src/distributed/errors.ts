/**
 * Errors of distributed runs. Each carries a stable `code`; messages name what failed and on what,
 * and never contain a Redis password (connections are shown redacted, see queue/connection.ts).
 */
import { MlpSweepError } from '../errors.js';

/** A `--queue` URL or a Redis option is malformed, or the server cannot be reached or refuses us. */
export class QueueConnectionError extends MlpSweepError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('QUEUE_CONNECTION', message, options);
  }
}

/** A frozen plan (Slurm) cannot be read, was changed after it was frozen, or does not fit this code. */
export class FrozenPlanError extends MlpSweepError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('FROZEN_PLAN', message, options);
  }
}

/** A job message (from a queue or a frozen plan) that this process will not run, and why. */
export class JobRefusedError extends MlpSweepError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('JOB_REFUSED', message, options);
  }
}

/** The queue could not give a job's result: BullMQ gave up on it, or Redis failed while waiting. */
export class QueueJobError extends MlpSweepError {
  constructor(message: string) {
    super('QUEUE_JOB', message);
  }
}
