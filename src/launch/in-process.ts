/**
 * Runs jobs one at a time on the calling thread: for tests, debugging and profiling. A job blocks
 * the event loop while it trains, so a stop request takes effect between jobs, not inside one.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { TrainingInterrupted } from '../core/train.js';
import type { Dataset } from '../data/dataset.js';
import type { JobRecord } from '../journal/record.js';
import { executeJob } from '../execute/execute-job.js';
import type { Job } from '../sweep/job.js';
import type { JobPlace, LaunchHooks, Launcher } from './launcher.js';

export class InProcessLauncher implements Launcher {
  readonly name = 'in-process';
  readonly concurrency = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataset: Dataset) {}

  run(job: Job, signal: AbortSignal, hooks: LaunchHooks = {}, place?: JobPlace): Promise<JobRecord | null> {
    // one job at a time, in call order, whatever the caller's concurrency
    const result = this.queue.then(async () => {
      await yieldToEventLoop();
      if (signal.aborted) return null;
      hooks.onStart?.(job.id);
      try {
        return executeJob(job, this.dataset, {
          onEpoch: (m) => hooks.onEpoch?.(job.id, m),
          onResume: (position) => hooks.onResume?.(job.id, position),
          onWarning: (message) => hooks.onWarning?.(job.id, message),
          shouldStop: () => signal.aborted,
          checkpoints: place ? { sweepDir: place.sweepDir, run: place.run } : undefined,
        });
      } catch (error) {
        if (error instanceof TrainingInterrupted) return null;
        throw error;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
