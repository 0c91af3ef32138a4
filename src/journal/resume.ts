/**
 * The resume rule, by job id, shared by `run` and `slurm`: a job whose latest record is ok is skipped;
 * failed and diverged ones are skipped too unless `retryFailed`, except failures of the machine or the
 * queue rather than of the job (failure.ts), which are not results and run again; `force` reruns
 * everything.
 */
import type { Job, Plan } from '../sweep/job.js';
import { failedOutsideTheJob } from './failure.js';
import type { JobRecord } from './record.js';

export interface ResumeOptions {
  force?: boolean;
  retryFailed?: boolean;
}

export interface ToRun {
  todo: Job[];
  skipped: { ok: number; failed: number; diverged: number; stopped: number };
}

/** Which jobs of a plan still need to run, given the latest journal records. */
export function jobsToRun(plan: Plan, latest: ReadonlyMap<string, JobRecord>, options: ResumeOptions): ToRun {
  const skipped = { ok: 0, failed: 0, diverged: 0, stopped: 0 };
  const todo = plan.jobs.filter((job) => {
    const record = latest.get(job.id);
    if (record === undefined || options.force) return true;
    const { status } = record;
    // a trial early stopping ended is done: it is not a failure to retry
    if (status !== 'ok' && status !== 'stopped' && options.retryFailed) return true;
    // failed for its machine's or its queue's reasons: not a result, so not done
    if (failedOutsideTheJob(record)) return true;
    skipped[status]++;
    return false;
  });
  return { todo, skipped };
}
