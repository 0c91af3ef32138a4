/** Progress for logs and pipes: one plain line per event. */
import type { RunEvent } from '../events.js';
import { jobEndLine, pct, resumeLine, summaryLines, sweepLine } from './format.js';

export function plainReporter(write: (line: string) => void, resumeCommand: string): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'sweep':
        return write(sweepLine(event));
      case 'job-start':
        return write(`started ${event.label} [${event.id}]`);
      case 'job-epoch':
        return write(`  ${event.label} epoch ${event.epoch}/${event.epochs}: validation ${pct(event.validation_accuracy)}`);
      case 'job-resume':
        return write(resumeLine(event));
      case 'job-end':
        return write(jobEndLine(event));
      case 'stopping':
        return write(event.reason === 'interrupt' ? 'stopping: finishing nothing new, stopping running jobs…' : 'stopping at the first failure (--fail-fast)…');
      case 'warning':
        return write(`warning: ${event.message}`);
      case 'done':
        return summaryLines(event.summary, resumeCommand).forEach(write);
    }
  };
}
