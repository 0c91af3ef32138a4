/** A job's short human name for progress lines: its named configuration or its varying settings, and the seed. */
import type { Job } from './job.js';

export function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.join('-') : String(value);
}

export function jobLabel(job: Job): string {
  const parts = job.name !== null ? [job.name] : Object.entries(job.varying).map(([k, v]) => `${k}=${formatValue(v)}`);
  parts.push(`seed=${job.settings.seed}`);
  return `${job.sweep}: ${parts.join(' ')}`;
}
