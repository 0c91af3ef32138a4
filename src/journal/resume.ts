/**
 * The resume rule, by job id, shared by `run` and `slurm`: a job whose latest record is ok is skipped;
 * failed and diverged ones are skipped too unless `retryFailed`; `force` reruns everything.
 */
import type { Job, Plan } from '../sweep/job.js';
import type { JobRecord } from './record.js';

export interface ResumeOptions {
  force?: boolean;
  retryFailed?: boolean;
}

export interface ToRun {
  todo: Job[];
  skipped: { ok: number; failed: number; diverged: number };
}

/** Which jobs of a plan still need to run, given the latest journal records. */
export function jobsToRun(plan: Plan, latest: ReadonlyMap<string, JobRecord>, options: ResumeOptions): ToRun {
  const skipped = { ok: 0, failed: 0, diverged: 0 };
  const todo = plan.jobs.filter((job) => {
    const status = latest.get(job.id)?.status;
    if (status === undefined || options.force) return true;
    if (status !== 'ok' && options.retryFailed) return true;
    skipped[status]++;
    return false;
  });
  return { todo, skipped };
}
