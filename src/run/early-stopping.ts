/**
 * Runs a plan with ASHA early stopping (src/sweep/search/asha.ts holds the rule): each trial is a planned
 * job, trained first to the first rung's epochs; a promoted trial is trained to the next rung's, and so on
 * up to max_epochs, the planned job itself. A rung run is an ordinary job whose settings say the rung's
 * epochs, so it has its own content id, is journaled like any job, and is never run twice.
 *
 * A promoted trial continues from its previous rung's end state: training for e epochs computes exactly
 * the first e epochs of a longer run (nothing in training depends on the number of epochs: not the
 * shuffle, which draws one permutation per epoch from a stream keyed by the seed, nor the init), so the
 * rung run that starts from the previous rung's last checkpoint computes the bits a run from epoch 0
 * would. early-stopping-sweep.ts moves that checkpoint on; without it the run trains from epoch 0.
 *
 * The scheduler only decides; the coordinator journals what it returns (records, decisions).
 */
import { jobId } from '../sweep/ids.js';
import type { Job, Plan } from '../sweep/job.js';
import { ashaDecisions, key, type Decision, type RungResult } from '../sweep/search/asha.js';
import { rungEpochs } from '../sweep/search/rungs.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import type { DecisionRecord } from '../journal/decisions.js';
import type { JobRecord } from '../journal/record.js';

export interface SchedulerOptions {
  force?: boolean;
  retryFailed?: boolean;
}

/** What a finished rung run makes the coordinator journal: new decisions, and records of trials that ended early. */
export interface Consequences {
  decisions: DecisionRecord[];
  records: JobRecord[];
}

export class AshaScheduler {
  readonly rungs: number[];
  private readonly results = new Map<string, RungResult>();
  private readonly rungRecords = new Map<string, JobRecord>();
  private journaled: Decision[];
  private readonly inFlight = new Set<string>();
  private runnable: { trial: number; rung: number }[] = [];
  /** Trials whose planned job has a final record (complete, stopped or left) in the journal. */
  private readonly ended = new Set<number>();
  private readonly byRungId = new Map<string, { trial: number; rung: number }>();

  constructor(
    private readonly plan: Plan,
    private readonly stopping: EarlyStopping,
    latest: ReadonlyMap<string, JobRecord>,
    decisions: readonly DecisionRecord[],
    private readonly options: SchedulerOptions,
  ) {
    this.rungs = rungEpochs(stopping);
    const trialOf = new Map(plan.jobs.map((job) => [job.id, job.index]));
    this.journaled = options.force
      ? []
      : decisions.flatMap((d) => {
          const trial = trialOf.get(d.id);
          return trial === undefined ? [] : [{ trial, rung: d.rung, decision: d.decision, compared: d.compared.map(({ trial: t, value }) => ({ trial: t, value })) }];
        });
    plan.jobs.forEach((job) => {
      this.rungs.forEach((_, rung) => {
        const rungJob = this.rungJob(job, rung);
        this.byRungId.set(rungJob.id, { trial: job.index, rung });
        const record = options.force ? undefined : latest.get(rungJob.id);
        if (record) this.note(job.index, rung, record, true);
      });
      const final = options.force ? undefined : latest.get(job.id);
      if (final && (final.status !== 'failed' || !options.retryFailed)) this.ended.add(job.index);
    });
    this.atStart = this.update();
  }

  /**
   * What the journal already allowed when the run started (a run killed between a rung's record and its
   * decisions leaves some to make): the coordinator journals these before the first job.
   */
  readonly atStart: Consequences;

  /** Trial `trial`'s planned job. */
  trialJob(trial: number): Job {
    return this.plan.jobs[trial];
  }

  /** Trial `job` trained to rung `rung`'s epochs: the planned job itself at the last rung. */
  rungJob(job: Job, rung: number): Job {
    const epochs = this.rungs[rung];
    if (rung === this.rungs.length - 1) return job;
    const settings = { ...job.settings, epochs };
    return { ...job, id: jobId(job.kind, settings), settings };
  }

  /** The run that continues `job`'s end state: the trial's next rung run, or null at the last rung (or for no rung run). */
  nextRungJob(job: Job): Job | null {
    const at = this.byRungId.get(job.id);
    if (!at || at.rung === this.rungs.length - 1) return null;
    return this.rungJob(this.plan.jobs[at.trial], at.rung + 1);
  }

  /** Rung runs of trials still going whose end state a next rung needs: (their id, the next run's id). */
  handoffs(): { from: string; to: string }[] {
    const moves: { from: string; to: string }[] = [];
    for (const [k, record] of this.rungRecords) {
      const [trial, rung] = k.split(':').map(Number);
      if (this.ended.has(trial) || rung === this.rungs.length - 1 || record.status !== 'ok') continue;
      const job = this.plan.jobs[trial];
      moves.push({ from: this.rungJob(job, rung).id, to: this.rungJob(job, rung + 1).id });
    }
    return moves;
  }

  /** The trials whose planned job has its final record: their rung checkpoints are of no more use. */
  endedTrials(): number[] {
    return [...this.ended];
  }

  /** Which trial and rung a job is, when it is one of this plan's rung runs. */
  rungOf(jobId: string): { trial: number; rung: number; epochs: number } | undefined {
    const at = this.byRungId.get(jobId);
    return at && { ...at, epochs: this.rungs[at.rung] };
  }

  /** The next rung run to start (the highest rung first, then the lowest trial), or null: none now. */
  take(): Job | null {
    const next = this.runnable.find(({ trial, rung }) => !this.inFlight.has(key(trial, rung)));
    if (next === undefined) return null;
    this.inFlight.add(key(next.trial, next.rung));
    return this.rungJob(this.plan.jobs[next.trial], next.rung);
  }

  /** A rung run that will not finish in this run (stopped by Ctrl-C): it may be taken again later. */
  released(job: Job): void {
    const at = this.byRungId.get(job.id);
    if (at) this.inFlight.delete(key(at.trial, at.rung));
  }

  /** Rung runs known to be needed and not started: the run's not_run when it stops. */
  get waiting(): number {
    return this.runnable.filter(({ trial, rung }) => !this.inFlight.has(key(trial, rung))).length;
  }

  /** A rung run's record was journaled: the decisions it allows and the trials that ended. */
  recorded(job: Job, record: JobRecord): Consequences {
    const at = this.byRungId.get(job.id);
    if (!at) return { decisions: [], records: [] };
    this.inFlight.delete(key(at.trial, at.rung));
    this.note(at.trial, at.rung, record, false);
    return this.update();
  }

  /**
   * A rung run's record as a result. Our own 'stopped' records are not results; a failure read from an
   * earlier run's journal is no result either with --retry-failed, so that the run is made again.
   */
  private note(trial: number, rung: number, record: JobRecord, fromJournal: boolean): void {
    if (record.status === 'stopped') return;
    if (fromJournal && record.status === 'failed' && this.options.retryFailed) return;
    const last = record.epochs.at(-1);
    const value = last ? last[this.stopping.metric] : null;
    this.results.set(key(trial, rung), { status: record.status, value: value ?? null });
    this.rungRecords.set(key(trial, rung), record);
  }

  private update(): Consequences {
    const state = ashaDecisions({
      trials: this.plan.jobs.length,
      rungs: this.rungs,
      reductionFactor: this.stopping.reductionFactor,
      metric: this.stopping.metric,
      results: this.results,
      journaled: this.journaled,
    });
    const known = new Set(this.journaled.map((d) => key(d.trial, d.rung)));
    const fresh = state.decisions.filter((d) => !known.has(key(d.trial, d.rung)));
    this.journaled = [...this.journaled, ...fresh];
    // the highest rung first (closest to a final result), then plan order
    this.runnable = [...state.runnable].sort((a, b) => b.rung - a.rung || a.trial - b.trial);
    const decisions = fresh.map((d) => this.decisionRecord(d));
    const records: JobRecord[] = [];
    state.trials.forEach((trial, index) => {
      if (this.ended.has(index) || trial.state === 'running' || trial.state === 'complete') return;
      const rungRecord = this.rungRecords.get(key(index, trial.rung));
      if (!rungRecord) return;
      this.ended.add(index);
      records.push(this.finalRecord(this.plan.jobs[index], rungRecord, trial.state === 'stopped' ? 'stopped' : rungRecord.status));
    });
    return { decisions, records };
  }

  private decisionRecord(d: Decision): DecisionRecord {
    const job = this.plan.jobs[d.trial];
    return {
      trial: d.trial,
      id: job.id,
      rung: d.rung,
      epochs: this.rungs[d.rung],
      rung_id: this.rungJob(job, d.rung).id,
      decision: d.decision,
      metric: this.stopping.metric,
      compared: d.compared.map(({ trial, value }) => ({ trial, id: this.plan.jobs[trial].id, value })),
      decided_at: new Date().toISOString(),
    };
  }

  /**
   * The planned job's record for a trial that ended before max_epochs: the rung run's record under the
   * trial's own id and settings, with the status that ended it ('stopped', or the rung run's 'diverged' or
   * 'failed') and the epochs it trained.
   */
  private finalRecord(job: Job, rungRecord: JobRecord, status: JobRecord['status']): JobRecord {
    return { ...rungRecord, id: job.id, index: job.index, settings: job.settings, varying: job.varying, status };
  }
}
