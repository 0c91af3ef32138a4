/**
 * The resource limits `plan` and `run` check every job against: this machine's memory (or
 * --max-memory, for a plan meant for a bigger machine), this runtime's largest array and heap, and
 * --max-job-hours of estimated work per job.
 */
import { constants as buffer } from 'node:buffer';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { type Command, InvalidArgumentError } from 'commander';
import { formatBytes } from '../core/resources.js';
import type { ResourceLimits } from '../sweep/resources.js';

export const DEFAULT_MAX_JOB_HOURS = 7 * 24;

export interface ResourceCliOptions {
  maxMemory?: number;
  maxJobHours: number;
}

const UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "8G", "512MiB", "1.5g", "1000000" → bytes. */
export function parseSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  const bytes = match ? Number(match[1]) * UNITS[match[2].toLowerCase()] : Number.NaN;
  if (!(bytes >= 1)) throw new InvalidArgumentError(`expected a size such as 8G or 512M, got "${value.slice(0, 40)}"`);
  return Math.floor(bytes);
}

function parseHours(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of hours > 0, got "${value.slice(0, 40)}"`);
  return n;
}

export function addResourceOptions(command: Command): Command {
  return command
    .option('--max-memory <size>', "refuse jobs needing more memory than this, such as 64G (default: this machine's memory)", parseSize)
    .option('--max-job-hours <h>', 'refuse jobs estimated to take longer than this on one worker', parseHours, DEFAULT_MAX_JOB_HOURS);
}

/** This machine's memory: the cgroup's limit where one is set (containers, Slurm jobs), else the RAM. */
function machineMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < totalmem() ? constrained : totalmem();
}

export function resourceLimits(options: ResourceCliOptions): ResourceLimits {
  const memoryBytes = options.maxMemory ?? machineMemory();
  return {
    memoryBytes,
    memorySource: options.maxMemory === undefined ? `this machine's ${formatBytes(memoryBytes)}` : `--max-memory ${formatBytes(memoryBytes)}`,
    arrayBytes: buffer.MAX_LENGTH,
    heapBytes: getHeapStatistics().heap_size_limit,
    jobSeconds: options.maxJobHours * 3600,
    jobSecondsSource: `the limit of ${options.maxJobHours} hours${options.maxJobHours === DEFAULT_MAX_JOB_HOURS ? ' (--max-job-hours)' : ''}`,
  };
}
