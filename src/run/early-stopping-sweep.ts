/**
 * A sweep with early stopping, as the coordinator runs it: the ASHA scheduler (early-stopping.ts), its
 * decisions file, and the rung checkpoints that let a promoted trial continue instead of retraining.
 *
 * When a rung run below the last rung is journaled, its final checkpoint (written after its last epoch) is
 * handed on to the trial's next rung run (journal/checkpoint/handoff.ts), which continues from it; when
 * the trial ends (stopped, diverged, failed, or complete) its rung checkpoints are deleted. So a trial
 * waiting for a decision keeps one checkpoint, and disk stays bounded by one checkpoint per trial still
 * going. A missing, corrupt or foreign rung checkpoint only costs time: the run trains from epoch 0 and
 * computes the same bits.
 *
 * Opening repairs what a kill may have left: a rung journaled but its checkpoint not yet handed on, and
 * checkpoints of trials that ended. The coordinator stays the only journal writer: this object appends
 * through the coordinator's own writers.
 */
import { existsSync } from 'node:fs';
import { DecisionWriter, readDecisions } from '../journal/decisions.js';
import { handOn } from '../journal/checkpoint/handoff.js';
import { checkpointFile, removeCheckpoint } from '../journal/checkpoint/store.js';
import type { JobRecord } from '../journal/record.js';
import type { JournalWriter } from '../journal/writer.js';
import type { Job, Plan } from '../sweep/job.js';
import { jobLabel } from '../sweep/label.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import { AshaScheduler, type SchedulerOptions } from './early-stopping.js';
import type { RunEvent } from './events.js';

export class EarlyStoppingSweep {
  /** A rung run without a checkpoint to continue was warned about in this run (once per sweep: a launcher that keeps none here would repeat it for every promotion). */
  private warnedMissing = false;

  private constructor(
    readonly scheduler: AshaScheduler,
    readonly decisions: DecisionWriter,
    private readonly dir: string,
    private readonly emit: (event: RunEvent) => void,
  ) {}

  /** Reads the decisions, journals what the journal already allowed, and repairs the rung checkpoints. */
  static open(
    plan: Plan & { earlyStopping: EarlyStopping },
    dir: string,
    latest: ReadonlyMap<string, JobRecord>,
    options: SchedulerOptions,
    journal: JournalWriter,
    emit: (event: RunEvent) => void,
  ): EarlyStoppingSweep {
    const read = readDecisions(dir);
    for (const message of read.warnings) emit({ type: 'warning', message });
    const scheduler = new AshaScheduler(plan, plan.earlyStopping, latest, read.decisions, options);
    const sweep = new EarlyStoppingSweep(scheduler, new DecisionWriter(dir), dir, emit);
    for (const decision of scheduler.atStart.decisions) sweep.decisions.append(decision);
    for (const ended of scheduler.atStart.records) journal.append(ended);
    sweep.files(() => {
      for (const { from, to } of scheduler.handoffs()) handOn(dir, from, to, false);
      for (const trial of scheduler.endedTrials()) sweep.dropTrial(trial);
    });
    return sweep;
  }

  /** The next rung run to start, or null; a run that will not find its previous rung's checkpoint is warned about. */
  take(): Job | null {
    const job = this.scheduler.take();
    const at = job && this.scheduler.rungOf(job.id);
    if (job && at && at.rung > 0 && !this.warnedMissing && !existsSync(checkpointFile(this.dir, job.id))) {
      this.warnedMissing = true;
      const previous = this.scheduler.rungs[at.rung - 1];
      this.emit({
        type: 'warning',
        message:
          `${checkpointFile(this.dir, job.id)}: no checkpoint of trial ${at.trial}'s rung ${at.rung - 1} (${previous} epochs) to continue, so its rung ${at.rung} ` +
          `trains from epoch 0 (same results, ${previous} epochs more); other trials in this run that lack one are not listed ` +
          '(checkpoint: false, a launcher that keeps no checkpoints in the results folder, or a file removed)',
      });
    }
    return job;
  }

  /**
   * A rung run's record was journaled: its checkpoint is handed on to the trial's next rung (or deleted
   * at the last), then the decisions it allows are journaled, and the records of the trials they end
   * (through `journal`, the coordinator's writer), whose checkpoints are deleted. Returns how many of
   * those trials were stopped. A write that fails throws: the coordinator stops the run.
   */
  recorded(job: Job, record: JobRecord, journal: (ended: JobRecord) => void): number {
    const next = this.scheduler.nextRungJob(job);
    this.files(() => {
      if (next !== null && record.status === 'ok') handOn(this.dir, job.id, next.id, true);
      else removeCheckpoint(checkpointFile(this.dir, job.id));
    });
    const { decisions, records } = this.scheduler.recorded(job, record);
    for (const decision of decisions) this.decisions.append(decision);
    for (const ended of records) journal(ended);
    this.files(() => records.forEach((ended) => this.dropTrial(ended.index)));
    return records.filter((ended) => ended.status === 'stopped').length;
  }

  /** A rung run's name in the run's output: the trial's, its rung and epochs (undefined: not a rung run). */
  label(job: Job): string | undefined {
    const at = this.scheduler.rungOf(job.id);
    return at && `${jobLabel(job)} rung ${at.rung} (${at.epochs} epochs)`;
  }

  close(): void {
    this.decisions.close();
  }

  /** Every checkpoint a trial's rung runs may hold, the planned job's (the last rung's) included. */
  private dropTrial(trial: number): void {
    const job = this.scheduler.trialJob(trial);
    for (let rung = 0; rung < this.scheduler.rungs.length; rung++) removeCheckpoint(checkpointFile(this.dir, this.scheduler.rungJob(job, rung).id));
  }

  /** A checkpoint is only a shortcut: a file operation that fails is a warning, never the run's end. */
  private files(operation: () => void): void {
    try {
      operation();
    } catch (error) {
      this.emit({ type: 'warning', message: `${this.dir}: rung checkpoints not handed on or deleted (${(error as Error).message}); promoted trials may train from epoch 0` });
    }
  }
}
