/** Shared wording of progress output. */
import { formatDuration } from '../../duration.js';
import type { RunEvent, RunSummary } from '../events.js';
import { NO_COLOURS, type Colours } from './colour.js';

export const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(2)}%`);

/** Durations as everywhere else (src/duration.ts). */
export const duration = formatDuration;

/** The one line a finished job gets; `counter` (`[3/18] `) leads it in plain output. Failures in red. */
export function jobEndLine(e: Extract<RunEvent, { type: 'job-end' }>, colours: Colours = NO_COLOURS, counter = ''): string {
  const what =
    e.status === 'failed'
      ? `FAILED: ${e.error}`
      : `${e.status === 'diverged' ? 'DIVERGED, ' : ''}validation ${pct(e.validation_accuracy)}, test ${pct(e.test_accuracy)}`;
  const line = `${counter}${e.status === 'ok' ? '✓' : '✗'} ${e.label} [${e.id}] ${what} (${duration(e.wall_seconds)})`;
  return e.status === 'ok' ? line : colours.red(line);
}

export function sweepLine(e: Extract<RunEvent, { type: 'sweep' }>): string {
  const stopped = e.skipped.stopped ?? 0;
  const kept = e.skipped.ok + e.skipped.failed + e.skipped.diverged + stopped;
  const parts = [`${e.sweep}: ${e.jobs} jobs, ${e.to_run} to run`];
  if (kept > 0) {
    parts.push(`${kept} already in the journal (${e.skipped.ok} ok, ${e.skipped.failed} failed, ${e.skipped.diverged} diverged${stopped > 0 ? `, ${stopped} stopped early` : ''})`);
  }
  const lines = [`${parts.join(', ')} → ${e.dir}`];
  if (e.skipped.failed + e.skipped.diverged > 0) lines.push(`  (--retry-failed reruns the failed and diverged ones)`);
  if (e.took_over_lock) lines.push(`  took over a stale lock left by a killed run (${e.took_over_lock})`);
  return lines.join('\n');
}

export function summaryLines(s: RunSummary, resumeCommand: string): string[] {
  const lines = [
    `${s.ok} ok, ${s.diverged} diverged, ${s.failed} failed, ${s.skipped} skipped (already done)` +
      (s.stopped > 0 ? `, ${s.stopped} trials stopped early` : '') +
      (s.not_run > 0 ? `, ${s.not_run} not run` : '') +
      ` in ${duration(s.seconds)}`,
  ];
  if (s.interrupted || s.stopped_by_failure) {
    lines.push(`stopped${s.interrupted ? ' by request' : ' at the first failure (--fail-fast)'}; every finished job is saved.`);
    lines.push(`resume with: ${resumeCommand}`);
  }
  return lines;
}

/** `  ↻ lr=0.1 resumes from its checkpoint: epoch 3 of 10, batch 120` (batch 0: the epoch's start). */
export function resumeLine(event: { label: string; epoch: number; batch: number; epochs: number }): string {
  if (event.epoch > event.epochs) return `  ↻ ${event.label} resumes from its checkpoint: every epoch trained, only the test pass left`;
  const where = event.batch === 0 ? `the start of epoch ${event.epoch}` : `epoch ${event.epoch}, batch ${event.batch}`;
  return `  ↻ ${event.label} resumes from its checkpoint at ${where} of ${event.epochs}`;
}
