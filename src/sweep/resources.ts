/**
 * The planner's resource checks: a job that cannot fit in memory, or would run for an unreasonable
 * time, is refused with the plan, before anything runs, saying how much it needs. The limits come
 * from the caller (the CLI: this machine, or --max-memory and --max-job-hours), so planning stays pure.
 */
import { estimateJobMemory, formatBytes } from '../core/resources.js';
import type { TrainSettings } from '../core/settings.js';
import { show, type Path, type Problem } from './diagnostics.js';
import { estimateJob } from './estimate.js';
import type { Point } from './points.js';
import type { SettingName } from './schema.js';
import type { Sweep } from './sweep.js';

export interface ResourceLimits {
  /** Memory one job may use, in bytes, and where that figure comes from ("this machine's 23.5 GiB"). */
  memoryBytes: number;
  memorySource: string;
  /** The largest array and the JS heap this runtime allocates, in bytes. */
  arrayBytes: number;
  heapBytes: number;
  /** Time one job may take on one worker, by the plan's estimate, and where that figure comes from. */
  jobSeconds: number;
  jobSecondsSource: string;
}

const MEMORY_HINT = 'use smaller hidden_sizes or batch_size, or plan on a machine with more memory (--max-memory sets the limit)';

export function resourceProblems(settings: TrainSettings, sweep: Sweep, sources: Point['sources'], limits: ResourceLimits): Problem[] {
  const where = (...keys: SettingName[]): Path => {
    for (const key of keys) {
      const at = sources[key] ?? (key in sweep.fixed ? ['fixed', key] : undefined);
      if (at) return at;
    }
    return [];
  };
  const problems: Problem[] = [];
  const memory = estimateJobMemory(settings, { gradcheck: sweep.kind === 'gradcheck' });
  const parts = `parameters ${formatBytes(memory.parameters)}, gradients ${formatBytes(memory.gradients)}, activations ${formatBytes(memory.activations)}${memory.checkpoint > 0 ? `, checkpoint ${formatBytes(memory.checkpoint)}` : ''}`;
  const memoryAt = where('hidden_sizes', 'batch_size', 'precision');
  if (memory.total > limits.memoryBytes) {
    problems.push({
      path: memoryAt,
      message: `needs about ${formatBytes(memory.total)} of memory per job (${parts}), more than ${limits.memorySource}`,
      got: show(settings.hidden_sizes),
      hint: MEMORY_HINT,
    });
  } else if (memory.largestArray > limits.arrayBytes || memory.heap > limits.heapBytes) {
    problems.push({
      path: memoryAt,
      message: `needs an array of ${formatBytes(Math.max(memory.largestArray, memory.heap))}, more than this Node.js allocates (${formatBytes(Math.min(limits.arrayBytes, limits.heapBytes))})`,
      got: show(settings.hidden_sizes),
      hint: 'use smaller hidden_sizes or batch_size',
    });
  }
  const { seconds } = estimateJob(settings);
  if (seconds > limits.jobSeconds) {
    problems.push({
      path: where('epochs', 'train_limit', 'hidden_sizes'),
      message: `would take about ${formatDuration(seconds)} on one worker (by the plan's estimate), more than ${limits.jobSecondsSource}`,
      hint: 'lower epochs (or train_limit, hidden_sizes); if you mean it, raise the limit with --max-job-hours',
    });
  }
  return problems;
}

function formatDuration(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  const days = hours / 24;
  return days < 730 ? `${days.toFixed(0)} days` : `${(days / 365).toPrecision(3)} years`;
}
