import test from 'ava';
import type { RunEvent } from '../../src/run/events.js';
import { COLOURS, NO_COLOURS, colourEnabled } from '../../src/run/progress/colour.js';
import { progressBar, renderBlock, type RunningJob } from '../../src/run/progress/live.js';
import { plainReporter } from '../../src/run/progress/plain.js';

const sweep: RunEvent = { type: 'sweep', sweep: 's', dir: 'results/s', jobs: 2, to_run: 2, skipped: { ok: 0, failed: 0, diverged: 0 }, took_over_lock: null };
const start = (id: string): RunEvent => ({ type: 'job-start', sweep: 's', id, label: `s: seed=${id}`, epochs: 3 });
const epoch = (id: string, n: number): RunEvent => ({ type: 'job-epoch', sweep: 's', id, label: `s: seed=${id}`, epoch: n, epochs: 3, validation_accuracy: 0.5 });
const end = (id: string, status: 'ok' | 'failed'): RunEvent => ({
  type: 'job-end', sweep: 's', id, label: `s: seed=${id}`, status,
  validation_accuracy: status === 'ok' ? 0.9 : null, test_accuracy: status === 'ok' ? 0.9 : null, wall_seconds: 65, error: status === 'ok' ? null : 'boom',
});
const events = [sweep, start('1'), epoch('1', 0), epoch('1', 1), start('2'), end('1', 'ok'), epoch('2', 1), end('2', 'failed')];

function plainLines(verbose: boolean): string[] {
  const lines: string[] = [];
  const report = plainReporter((line) => lines.push(line), 'mlp-sweep run s.yaml', { verbose });
  for (const event of events) report(event);
  return lines;
}

test('plain output prints one line per job start and end, each with its place in the run, and no epochs', (t) => {
  t.deepEqual(plainLines(false), [
    's: 2 jobs, 2 to run → results/s',
    '[1/2] started s: seed=1 [1]',
    '[2/2] started s: seed=2 [2]',
    '[1/2] ✓ s: seed=1 [1] validation 90.00%, test 90.00% (1m 5s)',
    '[2/2] ✗ s: seed=2 [2] FAILED: boom (1m 5s)',
  ]);
});

test('plain output with --verbose adds every epoch', (t) => {
  const lines = plainLines(true);
  t.is(lines.length, 8);
  t.true(lines.includes('  s: seed=1 epoch 1/3: validation 50.00%'));
});

const running = (jobs: Record<string, RunningJob>) => new Map(Object.entries(jobs));

test('the live block shows a bar, the done/running/failed counts and the ETA, and a new job as epoch 0 of all', (t) => {
  const block = renderBlock(
    { total: 4, done: 2, failed: 1, note: '', elapsedSeconds: 60, running: running({ a: { label: 's: seed=3', epoch: 0, epochs: 5, accuracy: null } }) },
    NO_COLOURS,
  );
  t.is(block, `${progressBar(2, 4)} 2/4 done, 1 running, 1 failed   elapsed 1m   ETA 1m\n  ▸ s: seed=3  epoch 0/5  validation -`);
  t.is(progressBar(2, 4, 8), '[████░░░░]');
});

test('failures are red where colour is on, and plain text where it is off', (t) => {
  const state = { total: 2, done: 1, failed: 1, note: '', elapsedSeconds: 5, running: running({}) };
  t.true(renderBlock(state, COLOURS).includes('\u001b[31m1 failed\u001b[39m'));
  t.false(renderBlock(state, NO_COLOURS).includes('\u001b['));
  const lines: string[] = [];
  const report = plainReporter((line) => lines.push(line), '', { colours: COLOURS });
  report(sweep);
  report(end('2', 'failed'));
  t.regex(lines[1], /^\u001b\[31m\[1\/2\] ✗/);
});

test('colour follows NO_COLOR and FORCE_COLOR, and is off in a pipe by default', (t) => {
  const tty = { isTTY: true, hasColors: () => true };
  const pipe = {};
  t.true(colourEnabled(tty, {}));
  t.false(colourEnabled(tty, { NO_COLOR: '1' }));
  t.false(colourEnabled(pipe, {}));
  t.true(colourEnabled(pipe, { FORCE_COLOR: '1' }));
  t.false(colourEnabled(tty, { FORCE_COLOR: '0', NO_COLOR: '1' }));
});
