/** What one job ended with: its last epoch, its best validation accuracy, its test metrics. Pure. */
import type { ReportEpoch } from './record.js';
import type { ReportJob } from './results.js';

export interface JobOutcome {
  /** The last epoch recorded: the final one of a finished job, the last before divergence of a diverged one. */
  final: ReportEpoch | null;
  /** The best validation accuracy over the epochs recorded, and the first epoch that reached it. */
  best: { accuracy: number; epoch: number } | null;
  testLoss: number | null;
  testAccuracy: number | null;
  wallSeconds: number | null;
}

export function jobOutcome(job: ReportJob): JobOutcome {
  const record = job.record;
  const epochs = record?.epochs ?? [];
  let best: JobOutcome['best'] = null;
  for (const e of epochs) {
    if (e.validation_accuracy !== null && (best === null || e.validation_accuracy > best.accuracy)) {
      best = { accuracy: e.validation_accuracy, epoch: e.epoch };
    }
  }
  return {
    final: epochs.length > 0 ? epochs[epochs.length - 1] : null,
    best,
    testLoss: record?.test?.loss ?? null,
    testAccuracy: record?.test?.accuracy ?? null,
    wallSeconds: record?.wall_seconds ?? null,
  };
}

/** The final validation accuracy of a finished job, the sort key of every table; null for any other. */
export function finalValidationAccuracy(job: ReportJob): number | null {
  return job.status === 'ok' ? (jobOutcome(job).final?.validation_accuracy ?? null) : null;
}

/** Best first by final validation accuracy; jobs without one after, in plan order. */
export function byValidationAccuracy(a: ReportJob, b: ReportJob): number {
  const x = finalValidationAccuracy(a);
  const y = finalValidationAccuracy(b);
  if (x !== null && y !== null && x !== y) return y - x;
  if (x === null && y !== null) return 1;
  if (x !== null && y === null) return -1;
  return a.index - b.index;
}
