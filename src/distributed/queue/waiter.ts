/** What a coordinator's run() waits on: one job's outcome on the queue, and the hooks it reports to. */
import type { EpochMetrics } from '../../core/metrics.js';
import type { TrainingPosition } from '../../core/training-state.js';
import type { LaunchHooks } from '../../launch/launcher.js';
import type { Job } from '../../sweep/job.js';
import type { MessageRunSettings } from '../job-message.js';

/** null: the wait was stopped (the signal, close(), an outage past its limit). */
export type Outcome = { kind: 'completed'; value: unknown } | { kind: 'failed'; reason: string } | null;

/** One run() waiting for its job: settles once, and tells its start once. */
export class Waiter {
  readonly outcome: Promise<Outcome>;
  private resolve!: (outcome: Outcome) => void;
  private settled = false;
  private started = false;

  constructor(
    readonly job: Job,
    private readonly hooks: LaunchHooks,
    /** The run settings its message carries (enqueued again after an outage: the same ones). */
    readonly run: MessageRunSettings | null = null,
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
  }

  settle(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(outcome);
  }

  /** When a worker takes the job (or its first progress arrives, if the start went unseen). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.hooks.onStart?.(this.job.id);
  }

  resume(position: TrainingPosition): void {
    this.start();
    this.hooks.onResume?.(this.job.id, { epoch: position.epoch, batch: position.batch });
  }

  epoch(metrics: EpochMetrics): void {
    this.start();
    this.hooks.onEpoch?.(this.job.id, metrics);
  }
}
