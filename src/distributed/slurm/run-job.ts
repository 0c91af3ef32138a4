/**
 * One array task: job `index` of a frozen plan, run on a one-thread Piscina pool (the same code path
 * as a local run, and the main thread stays free to hear Slurm's SIGTERM), its record written
 * atomically to records/<job id>.json. It checkpoints under the frozen plan's folder
 * (checkpoints/<job id>.safetensors, on the shared filesystem), so a task stopped by SIGTERM (preemption,
 * a time limit) checkpoints at its next batch and the requeued task continues from there; the checkpoint
 * is deleted once the record is written. The frozen plan's run settings say how: `checkpoint: false`
 * writes none, `checkpoint_every_s` how often within an epoch, and `keep: final` writes the trained
 * weights to models/<job id>.safetensors beside the plan, which collect moves to the sweep's models/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from '../../data/dataset.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { JobRecord } from '../../journal/record.js';
import { PoolLauncher } from '../../launch/pool.js';
import { checkpointFile, removeCheckpoint } from '../../journal/checkpoint/store.js';
import type { Job } from '../../sweep/job.js';
import { FrozenPlanError } from '../errors.js';
import { readFrozenPlan } from './frozen-plan.js';
import { recordFile } from './layout.js';

export interface FrozenJobRun {
  job: Job;
  /** Jobs in the frozen plan (the array's size). */
  of: number;
  /** null: stopped before the job ended. */
  record: JobRecord | null;
  /** Where the record was written, or null. */
  file: string | null;
}

export async function runFrozenJob(
  planFile: string,
  index: number,
  dataset: Dataset,
  signal: AbortSignal,
  onStart?: (job: Job, of: number) => void,
): Promise<FrozenJobRun> {
  const plan = readFrozenPlan(planFile, dataset.digest);
  const job = plan.jobs[index];
  if (!Number.isSafeInteger(index) || job === undefined) {
    throw new FrozenPlanError(`${planFile}: task ${index} is outside the array 0-${plan.jobs.length - 1}`);
  }
  onStart?.(job, plan.jobs.length);
  const pool = new PoolLauncher(dataset, { workers: 1 });
  let record: JobRecord | null;
  try {
    record = await pool.run(job, signal, {}, { sweepDir: path.dirname(planFile), run: plan.run });
  } finally {
    await pool.close();
  }
  if (record === null) return { job, of: plan.jobs.length, record, file: null };
  const file = recordFile(planFile, job.id);
  mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
  removeCheckpoint(checkpointFile(path.dirname(planFile), job.id));
  return { job, of: plan.jobs.length, record, file };
}
