/**
 * Progress on a terminal: a live block (log-update) with a bar, the done/running/failed counts, elapsed
 * time and ETA, and one line per running job (its epoch of all, and last validation accuracy); finished
 * jobs scroll above it. The block is a pure function of the state (`renderBlock`), tested as text.
 */
import logUpdate from 'log-update';
import type { RunEvent } from '../events.js';
import { coloursFor, type Colours } from './colour.js';
import { duration, jobEndLine, pct, resumeLine, summaryLines, sweepLine } from './format.js';

export interface RunningJob {
  label: string;
  epoch: number;
  epochs: number;
  accuracy: number | null;
}

export interface LiveState {
  total: number;
  done: number;
  failed: number;
  running: ReadonlyMap<string, RunningJob>;
  elapsedSeconds: number;
  note: string;
}

export const BAR_WIDTH = 24;

/** `[██████░░░░…]`: the share of the run's jobs that finished. */
export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

export function renderBlock(state: LiveState, colours: Colours): string {
  const { total, done, failed, running, elapsedSeconds } = state;
  const eta = done > 0 && done < total ? duration((elapsedSeconds / done) * (total - done)) : done >= total && total > 0 ? '0s' : '-';
  const failures = `${failed} failed`;
  const head =
    `${progressBar(done, total)} ${done}/${total} done, ${running.size} running, ${failed > 0 ? colours.red(failures) : failures}` +
    `   elapsed ${duration(elapsedSeconds)}   ETA ${eta}${state.note ? `   ${state.note}` : ''}`;
  const rows = [...running.values()].map((r) => `  ▸ ${r.label}  epoch ${r.epoch}/${r.epochs}  validation ${pct(r.accuracy)}`);
  return [head, ...rows].join('\n');
}

export function liveReporter(resumeCommand: string, colours: Colours = coloursFor(process.stdout)): { onEvent: (event: RunEvent) => void; stop: () => void } {
  const started = Date.now();
  const running = new Map<string, RunningJob>();
  const state = { total: 0, done: 0, failed: 0, note: '' };
  const render = (): void => logUpdate(renderBlock({ ...state, running, elapsedSeconds: (Date.now() - started) / 1000 }, colours));
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
          state.total += event.to_run;
          return above(sweepLine(event));
        case 'job-start':
          running.set(event.id, { label: event.label, epoch: 0, epochs: event.epochs, accuracy: null });
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
          state.done++;
          if (event.status === 'failed') state.failed++;
          return above(jobEndLine(event, colours));
        case 'stopping':
          state.note = event.reason === 'interrupt' ? 'stopping (Ctrl-C again to quit at once)…' : 'stopping at the first failure…';
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
