/**
 * What `mlp-sweep plan` prints, as pure functions of the plans (tested against golden text): a table per
 * sweep with each job's id, status, the settings that vary and the seed, then the count and the work.
 */
import { formatDuration } from '../../duration.js';
import type { JobStatus } from '../../journal/record.js';
import type { TrainSettings } from '../../core/settings.js';
import { estimateJob, estimatePlan, THROUGHPUT_GFLOPS, type PlanEstimate, type Rate, type Throughput } from '../../sweep/estimate.js';
import { resolveRunSettings } from '../../core/run-settings.js';
import { formatBytes, sweepDisk } from '../../journal/checkpoint/disk.js';
import type { Job, Plan } from '../../sweep/job.js';
import type { LoadedSweep } from '../../sweep/load.js';
import { showValue } from '../../sweep/show-value.js';
import { searchLines } from './plan-search.js';

export type Status = JobStatus | 'pending';

export interface PlannedSweep extends LoadedSweep {
  /** Status by job id, from the sweep's journal; a job not in it is pending. */
  statuses: ReadonlyMap<string, JobStatus>;
}

const STATUS_ORDER: Status[] = ['ok', 'stopped', 'diverged', 'failed', 'pending'];

function statusOf(sweep: PlannedSweep, job: Job): Status {
  return sweep.statuses.get(job.id) ?? 'pending';
}


/** Left-aligned columns separated by two spaces, no trailing spaces. */
export function formatColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
}

/** Above this many jobs a plan shows its first and last rows only (`--all` shows every one). */
export const COMPACT_ABOVE = 40;
const HEAD_ROWS = 10;
const TAIL_ROWS = 5;

export function formatJobTable(sweep: PlannedSweep, all = false): string[] {
  const every = sweep.plan.jobs;
  const compact = !all && every.length > COMPACT_ABOVE;
  const jobs = compact ? [...every.slice(0, HEAD_ROWS), ...every.slice(-TAIL_ROWS)] : every;
  const named = jobs.some((job) => job.name !== null);
  const varying = Object.keys(jobs[0]?.varying ?? {});
  const header = ['#', 'id', 'status', ...(named ? ['name'] : []), ...varying, 'seed'];
  const rows = jobs.map((job) => [
    String(job.index),
    job.id,
    statusOf(sweep, job),
    ...(named ? [job.name ?? '-'] : []),
    ...varying.map((key) => showValue((job.varying as Record<string, unknown>)[key])),
    String(job.settings.seed),
  ]);
  const lines = formatColumns([header, ...rows]);
  if (!compact) return lines;
  const hidden = every.length - HEAD_ROWS - TAIL_ROWS;
  return [...lines.slice(0, 1 + HEAD_ROWS), `… ${hidden} more jobs (--all lists every one)`, ...lines.slice(1 + HEAD_ROWS)];
}

export function formatCount(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(1)} G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return String(value);
}


function statusCounts(sweeps: readonly PlannedSweep[]): string {
  const counts = new Map<Status, number>(STATUS_ORDER.map((s) => [s, 0]));
  for (const sweep of sweeps) {
    for (const job of sweep.plan.jobs) counts.set(statusOf(sweep, job), counts.get(statusOf(sweep, job))! + 1);
  }
  // 'stopped' only where early stopping stopped something: other sweeps never have it
  return STATUS_ORDER.filter((s) => s !== 'stopped' || counts.get(s)! > 0).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

/** `disk: up to 7.90 MB of checkpoints while it runs …; kept models 22.5 MB (6 jobs)`. */
function formatDisk(plan: Plan, workers: number): string {
  const run = resolveRunSettings(plan.run);
  const need = sweepDisk(plan.jobs, workers, true);
  const checkpoints = run.checkpoint
    ? `up to ${formatBytes(need.checkpoints)} of checkpoints while it runs (one per running job, deleted as each is journaled)`
    : 'no checkpoints (checkpoint: false)';
  const models = run.keep === 'final' ? `kept models ${formatBytes(need.models)}` : `models not kept (keep: final would take ${formatBytes(need.models)})`;
  return `disk: ${checkpoints}; ${models}`;
}

/** Bytes on disk the sweep needs as its run settings say: checkpoints while running, kept models after. */
function diskOf(plan: Plan, workers: number): { checkpoints: number; models: number } {
  const run = resolveRunSettings(plan.run);
  const need = sweepDisk(plan.jobs, workers, run.keep === 'final');
  return { checkpoints: run.checkpoint ? need.checkpoints : 0, models: need.models };
}

function formatWork(estimate: PlanEstimate): string {
  const jobs = estimate.jobs === 1 ? '1 job' : `${estimate.jobs} jobs`;
  const time =
    estimate.workers > 1
      ? `about ${formatDuration(estimate.wallSeconds)} on ${estimate.workers} workers (${formatDuration(estimate.cpuSeconds)} on one)`
      : `about ${formatDuration(estimate.cpuSeconds)} on one worker`;
  return `work: ${jobs}, ${formatCount(estimate.examples)} examples, ${(estimate.flops / 1e12).toFixed(2)} TFLOP; ${time}`;
}

/** The throughput time estimates assume, and where each figure comes from. */
export interface ThroughputBasis {
  rates: Throughput;
  /** Per kernel setting: `measured on 12 finished jobs`, `calibrated …` or `benchmark default`. */
  sources: Partial<Record<keyof Throughput, string>>;
  /** Per job, where a calibration measured its shape (else `rates` by kernel setting). */
  rateOf?: (settings: TrainSettings) => number;
}

const rateFor = (basis: ThroughputBasis): Rate => basis.rateOf ?? basis.rates;

export const DEFAULT_BASIS: ThroughputBasis = { rates: THROUGHPUT_GFLOPS, sources: {} };

/** Which throughput the times assume, for the kernel sets the plans use. */
function throughputNote(sweeps: readonly PlannedSweep[], basis: ThroughputBasis): string {
  const kernels = [...new Set(sweeps.flatMap((s) => s.plan.jobs.map((job) => job.settings.kernels)))].sort();
  const jobs = sweeps.flatMap((s) => s.plan.jobs);
  const rates = kernels.map((k) => {
    const rateOf = basis.rateOf;
    const perJob = rateOf ? jobs.filter((job) => job.settings.kernels === k).map((job) => rateOf(job.settings)) : [basis.rates[k]];
    const [low, high] = [Math.min(...perJob), Math.max(...perJob)];
    const shown = (x: number) => Number(x.toPrecision(3));
    const range = low === high ? `${shown(low)}` : `${shown(low)}–${shown(high)}`;
    return `${range} GFLOP/s per worker for ${k} kernels (${basis.sources[k] ?? 'benchmark default'})`;
  });
  return `(times assume ${rates.join(', ')})`;
}

export function formatPlanText(
  sweeps: readonly PlannedSweep[],
  workers: number,
  basis: ThroughputBasis = DEFAULT_BASIS,
  options: { all?: boolean } = {},
): string {
  const lines: string[] = [];
  for (const sweep of sweeps) {
    const about = sweep.plan.description ? `: ${sweep.plan.description}` : '';
    lines.push(`${sweep.plan.sweep} (${sweep.file})${about}`, '');
    lines.push(...formatJobTable(sweep, options.all).map((line) => `  ${line}`), '');
    lines.push(`  ${statusCounts([sweep])}`);
    lines.push(...searchLines(sweep).map((line) => `  ${line}`));
    lines.push(`  ${formatWork(estimatePlan(sweep.plan.jobs, workers, rateFor(basis)))}`);
    lines.push(`  ${formatDisk(sweep.plan, workers)}`, '');
  }
  if (sweeps.length > 1) {
    lines.push(`all ${sweeps.length} sweeps: ${statusCounts(sweeps)}`);
    lines.push(formatWork(estimatePlan(sweeps.flatMap((s) => s.plan.jobs), workers, rateFor(basis))), '');
  }
  lines.push(throughputNote(sweeps, basis));
  return `${lines.join('\n')}\n`;
}

/** The `--json` form: every job with its full settings, status and estimate, and each sweep's totals. */
export function planToJson(sweeps: readonly PlannedSweep[], workers: number, basis: ThroughputBasis = DEFAULT_BASIS): unknown {
  return {
    ok: true,
    sweeps: sweeps.map((sweep) => ({
      file: sweep.file,
      name: sweep.plan.sweep,
      description: sweep.plan.description,
      jobs: sweep.plan.jobs.map((job) => ({ ...job, status: statusOf(sweep, job), estimate: estimateJob(job.settings, rateFor(basis)) })),
      merged: sweep.plan.merged,
      notices: sweep.notices,
      estimate: estimatePlan(sweep.plan.jobs, workers, rateFor(basis)),
      run: resolveRunSettings(sweep.plan.run),
      disk_bytes: diskOf(sweep.plan, workers),
    })),
    throughput_gflops: basis.rates,
    throughput_sources: basis.sources,
  };
}
