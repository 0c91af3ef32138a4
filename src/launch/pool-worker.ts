/**
 * The Piscina worker: one exported function, a job in, its journal record out. The dataset arrives
 * once per thread in workerData, as views on the main thread's shared memory (no copy, no parse).
 * Progress goes out on a BroadcastChannel named by the pool, as plain records.
 */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import type { Dataset } from '../data/dataset.js';
import type { JobRecord } from '../journal/record.js';
import { executeJob } from '../execute/execute-job.js';
import type { Job } from '../sweep/job.js';

export interface PoolWorkerData {
  dataset: Dataset;
  progressChannel: string;
}

export interface PoolTask {
  job: Job;
}

/** What the worker posts on the progress channel after each epoch. */
export interface EpochProgress {
  type: 'epoch';
  jobId: string;
  metrics: JobRecord['epochs'][number];
}

const { dataset, progressChannel } = workerData as PoolWorkerData;
const progress = new BroadcastChannel(progressChannel);
progress.unref();

export default function runPoolTask(task: PoolTask): JobRecord {
  return executeJob(task.job, dataset, {
    onEpoch: (metrics) => progress.postMessage({ type: 'epoch', jobId: task.job.id, metrics } satisfies EpochProgress),
  });
}
