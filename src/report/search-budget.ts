/**
 * What an early-stopping search trained, from its records: each trial's runs (its rungs' records, the last
 * rung's being the trial's own) and the epochs each added, from where it continued (its previous rung's end
 * state, `continued_from`) or from epoch 1 when it had no checkpoint to continue. Pure.
 */
import { rungEpochs } from '../sweep/search/rungs.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import type { ReportRecord } from './record.js';
import type { ReportJob, SweepResults } from './results.js';

export interface TrialBudget {
  trial: number;
  /** The last rung the trial trained to (-1: none yet). */
  rung: number;
  /** Epochs its runs trained, counted once however many rungs they spanned. */
  epochs: number;
  /** The same, per rung: what the trial's run of each rung added. */
  byRung: number[];
  /** Runs of rungs after the first that trained from epoch 1 again (no checkpoint to continue). */
  retrained: number;
}

/** The furthest epoch a run reached: its last measured epoch, or the one it diverged in. */
function furthest(record: ReportRecord): number {
  return Math.max(record.epochs.at(-1)?.epoch ?? 0, record.divergence?.epoch ?? 0);
}

/** Epochs a run trained: from where it continued (or epoch 1) to its furthest. */
export function runEpochs(record: ReportRecord): number {
  return Math.max(0, furthest(record) - ((record.continuedFrom ?? 1) - 1));
}

/** Each trial's runs and the epochs they trained, in plan order. */
export function trialBudgets(results: SweepResults, stopping: EarlyStopping): TrialBudget[] {
  const rungs = rungEpochs(stopping);
  const below = rungs.length > 1 ? rungs[rungs.length - 2] : 0;
  const byTrial = new Map<number, ReportRecord[]>();
  for (const { trial, record } of results.rungRuns ?? []) byTrial.set(trial, [...(byTrial.get(trial) ?? []), record]);
  return results.jobs.map((job: ReportJob) => {
    const runs = [...(byTrial.get(job.index) ?? [])];
    // a trial that ended below the last rung has a copy of that rung's record as its own: not a run
    if (job.record && furthest(job.record) > below) runs.push(job.record);
    return {
      trial: job.index,
      rung: runs.reduce((r, run) => Math.max(r, rungs.indexOf(run.settings.epochs ?? -1)), -1),
      epochs: runs.reduce((n, run) => n + runEpochs(run), 0),
      byRung: rungs.map((epochs) => runs.filter((run) => run.settings.epochs === epochs).reduce((n, run) => n + runEpochs(run), 0)),
      retrained: runs.filter((run) => run.continuedFrom === null && run.settings.epochs !== rungs[0] && furthest(run) > 0).length,
    };
  });
}

/** The whole search: epochs trained, against every trial trained to max_epochs. */
export function searchBudget(results: SweepResults, stopping: EarlyStopping): { epochs: number; fullBudget: number; retrained: number } {
  const trials = trialBudgets(results, stopping);
  return {
    epochs: trials.reduce((n, t) => n + t.epochs, 0),
    fullBudget: results.jobs.length * stopping.maxEpochs,
    retrained: trials.reduce((n, t) => n + t.retrained, 0),
  };
}
