/**
 * Progress for logs and pipes: one line when a job starts and one when it ends, each with its place in
 * the run (`[3/18]`: the third job started, the third finished), so a log stays as long as the sweep has
 * jobs; every epoch too only with `verbose`. Failures in red where colour is on (FORCE_COLOR in a pipe).
 */
import type { RunEvent } from '../events.js';
import { NO_COLOURS, type Colours } from './colour.js';
import { jobEndLine, pct, resumeLine, summaryLines, sweepLine } from './format.js';

export interface PlainOptions {
  verbose?: boolean;
  colours?: Colours;
}

export function plainReporter(write: (line: string) => void, resumeCommand: string, options: PlainOptions = {}): (event: RunEvent) => void {
  const colours = options.colours ?? NO_COLOURS;
  let total = 0;
  let started = 0;
  let ended = 0;
  const counter = (n: number) => `[${n}/${total}] `;
  return (event) => {
    switch (event.type) {
      case 'sweep':
        total += event.to_run;
        return write(sweepLine(event));
      case 'job-start':
        return write(`${counter(++started)}started ${event.label} [${event.id}]`);
      case 'job-epoch':
        if (!options.verbose) return;
        return write(`  ${event.label} epoch ${event.epoch}/${event.epochs}: validation ${pct(event.validation_accuracy)}`);
      case 'job-resume':
        return write(resumeLine(event));
      case 'job-end':
        return write(jobEndLine(event, colours, counter(++ended)));
      case 'stopping':
        return write(event.reason === 'interrupt' ? 'stopping: finishing nothing new, stopping running jobs…' : 'stopping at the first failure (--fail-fast)…');
      case 'warning':
        return write(`warning: ${event.message}`);
      case 'done':
        return summaryLines(event.summary, resumeCommand).forEach(write);
    }
  };
}
