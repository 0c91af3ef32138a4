/**
 * The Piscina worker: one exported function, a job in, its journal record out. The dataset comes with
 * each task, as views on the main thread's shared memory (no copy, no parse), so the pool's threads
 * start, and load their modules, while the main thread is still loading the data.
 * Progress goes out on a BroadcastChannel named by the pool, as plain records.
 */
import { BroadcastChannel, threadId, workerData } from 'node:worker_threads';
import type { Dataset } from '../data/dataset.js';
import type { JobRecord } from '../journal/record.js';
import { executeJob } from '../execute/execute-job.js';
import { setNativeThreadsSource } from '../kernels/native/kernels.js';
import type { Job } from '../sweep/job.js';
import { TrainingInterrupted } from '../core/train.js';
import type { TrainingPosition } from '../core/training-state.js';
import type { JobPlace } from './launcher.js';

export interface PoolWorkerData {
  progressChannel: string;
}

export interface PoolTask {
  job: Job;
  dataset: Dataset;
  place?: JobPlace;
  /** One Int32 on shared memory: the launcher sets it to 1 to stop the job at its next batch boundary. */
  stop: Int32Array;
  /** Where the pool posts how many threads this job's kernels may use (./thread-shares.ts), as [buffer, index]. */
  threads?: [SharedArrayBuffer, number];
}

/** What the worker posts on the progress channel: an epoch measured, a resume, a warning. */
export type JobProgress =
  | { type: 'ready'; jobId: null; threadId: number }
  | { type: 'epoch'; jobId: string; metrics: JobRecord['epochs'][number] }
  | { type: 'resume'; jobId: string; position: TrainingPosition }
  | { type: 'warning'; jobId: string; message: string };

const { progressChannel } = workerData as PoolWorkerData;
const progress = new BroadcastChannel(progressChannel);
progress.unref();
// Piscina loads this module with require(): Node 20 evaluates it, then builds the CommonJS facade of
// its exports, and a thread terminated between the two aborts the whole process. A microtask runs
// once require() has returned (and before Piscina's thread waits for tasks, blocking its event loop,
// so setImmediate would not do): from then on 'ready' says the pool may end this thread safely.
queueMicrotask(() => progress.postMessage({ type: 'ready', jobId: null, threadId } satisfies JobProgress));

/** The job's record, or null when it was stopped (after writing its checkpoint, when it has a place). */
export default function runPoolTask(task: PoolTask): JobRecord | null {
  const jobId = task.job.id;
  const post = (message: JobProgress): void => progress.postMessage(message);
  setNativeThreadsSource(task.threads ? new Int32Array(task.threads[0], task.threads[1] * 4, 1) : null);
  try {
    return executeJob(task.job, task.dataset, {
      onEpoch: (metrics) => post({ type: 'epoch', jobId, metrics }),
      onResume: (position) => post({ type: 'resume', jobId, position }),
      onWarning: (message) => post({ type: 'warning', jobId, message }),
      shouldStop: () => Atomics.load(task.stop, 0) === 1,
      checkpoints: task.place ? { sweepDir: task.place.sweepDir, run: task.place.run } : undefined,
    });
  } catch (error) {
    if (error instanceof TrainingInterrupted) return null;
    throw error;
  } finally {
    setNativeThreadsSource(null);
  }
}
