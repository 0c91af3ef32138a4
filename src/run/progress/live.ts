/**
 * Progress on a terminal: a live block (log-update) with the counts, elapsed time and ETA, and one
 * line per running job (its epoch and last validation accuracy); finished jobs scroll above it.
 */
import logUpdate from 'log-update';
import type { RunEvent } from '../events.js';
import { duration, jobEndLine, pct, resumeLine, summaryLines, sweepLine } from './format.js';

interface Running {
  label: string;
  epoch: number;
  epochs: number;
  accuracy: number | null;
}

export function liveReporter(resumeCommand: string): { onEvent: (event: RunEvent) => void; stop: () => void } {
  const started = Date.now();
  const running = new Map<string, Running>();
  let total = 0;
  let done = 0;
  let failed = 0;
  let note = '';
  const render = (): void => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
    const head =
      `jobs ${done}/${total} done, ${running.size} running, ${failed} failed` +
      `   elapsed ${duration(elapsed)}   ETA ${done > 0 ? duration(eta) : '-'}${note ? `   ${note}` : ''}`;
    const rows = [...running.values()].map(
      (r) => `  ▸ ${r.label}  epoch ${r.epoch}/${r.epochs}  validation ${pct(r.accuracy)}`,
    );
    logUpdate([head, ...rows].join('\n'));
  };
  const above = (text: string): void => {
    logUpdate.clear();
    process.stdout.write(`${text}\n`);
    render();
  };
  const timer = setInterval(render, 1000);
  timer.unref();
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'sweep':
          total += event.to_run;
          return above(sweepLine(event));
        case 'job-start':
          running.set(event.id, { label: event.label, epoch: 0, epochs: 0, accuracy: null });
          return render();
        case 'job-epoch': {
          const r = running.get(event.id);
          if (r) Object.assign(r, { epoch: event.epoch, epochs: event.epochs, accuracy: event.validation_accuracy });
          return render();
        }
        case 'job-resume': {
          const r = running.get(event.id);
          if (r) Object.assign(r, { epoch: event.epoch - 1, epochs: event.epochs });
          return above(resumeLine(event));
        }
        case 'job-end':
          running.delete(event.id);
          done++;
          if (event.status === 'failed') failed++;
          return above(jobEndLine(event));
        case 'stopping':
          note = event.reason === 'interrupt' ? 'stopping (Ctrl-C again to quit at once)…' : 'stopping at the first failure…';
          return render();
        case 'warning':
          return above(`warning: ${event.message}`);
        case 'done':
          clearInterval(timer);
          logUpdate.clear();
          process.stdout.write(`${summaryLines(event.summary, resumeCommand).join('\n')}\n`);
      }
    },
    stop: () => {
      clearInterval(timer);
      logUpdate.done();
    },
  };
}
