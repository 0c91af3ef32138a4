/** A job's short human name for progress lines: its named configuration or its varying settings, and the seed. */
import type { Job } from './job.js';
import { showValue } from './show-value.js';

export function jobLabel(job: Job): string {
  const parts = job.name !== null ? [job.name] : Object.entries(job.varying).map(([k, v]) => `${k}=${showValue(v)}`);
  parts.push(`seed=${job.settings.seed}`);
  return `${job.sweep}: ${parts.join(' ')}`;
}
