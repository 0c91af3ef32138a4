import test from 'ava';
import { ReportRefresher } from '../../src/cli/refresh-report.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A refresher whose refreshes are recorded, and which can be made to wait or fail. */
function recorded(options: { fail?: string; hold?: Promise<void>; costFactor?: number } = {}) {
  const refreshed: string[] = [];
  const warnings: string[] = [];
  const refresher = new ReportRefresher((w) => warnings.push(w), {
    delayMs: 5,
    intervalMs: 30,
    costFactor: options.costFactor ?? 0,
    refresh: async (dir) => {
      await options.hold;
      if (dir === options.fail) throw new Error('disk full');
      refreshed.push(dir);
      return { warnings: [] };
    },
  });
  return { refresher, refreshed, warnings };
}

test('records that come together are reported by one refresh per sweep', async (t) => {
  const { refresher, refreshed } = recorded();
  refresher.requested('a');
  refresher.requested('a');
  refresher.requested('b');
  t.deepEqual(refreshed, [], 'nothing is refreshed on the record itself');
  await tick(20);
  t.deepEqual(refreshed, ['a', 'b']);
  refresher.close();
});

test('a refresh asked for while one runs comes after it, not beside it', async (t) => {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const { refresher, refreshed } = recorded({ hold });
  refresher.requested('a');
  await tick(15);
  refresher.requested('a');
  release();
  await tick(5);
  t.deepEqual(refreshed, ['a'], 'the second waits for the interval');
  await tick(60);
  t.deepEqual(refreshed, ['a', 'a']);
  refresher.close();
});

test('closing drops a refresh not yet started, and leaves the one under way to the final report, unheard', async (t) => {
  const first = recorded();
  first.refresher.requested('a');
  first.refresher.close();
  await tick(20);
  t.deepEqual(first.refreshed, [], 'the final report replaces it');

  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const second = recorded({ hold, fail: 'a' });
  second.refresher.requested('a');
  await tick(15);
  // closing does not wait for the refresh under way (held here), and its failure is not a warning
  second.refresher.close();
  release();
  await tick(5);
  t.deepEqual(second.warnings, []);
  second.refresher.requested('a');
  await tick(20);
  t.deepEqual(second.refreshed, [], 'nothing is asked for after closing');
});

test('a refresh that fails is a warning, and later records are still reported', async (t) => {
  const { refresher, refreshed, warnings } = recorded({ fail: 'bad' });
  refresher.requested('bad');
  refresher.requested('good');
  await tick(20);
  t.deepEqual(refreshed, ['good']);
  t.is(warnings.length, 1);
  t.regex(warnings[0], /report of bad not refreshed: disk full/);
  refresher.close();
});

test('a refresh that took long spaces the next one by that many times its own time', async (t) => {
  const refreshed: number[] = [];
  let firstDone!: () => void;
  const first = new Promise<void>((resolve) => (firstDone = resolve));
  const refresher = new ReportRefresher(() => {}, {
    delayMs: 5,
    intervalMs: 10,
    costFactor: 5,
    refresh: async () => {
      if (refreshed.length === 0) await tick(25); // ≥ 25 ms: the next waits ≥ 125 ms
      refreshed.push(refreshed.length);
      if (refreshed.length === 1) setImmediate(firstDone);
      return { warnings: [] };
    },
  });
  refresher.requested('a');
  await tick(15);
  refresher.requested('a'); // asked while the first runs
  await first;
  await tick(60);
  t.is(refreshed.length, 1, 'not after the 10 ms interval');
  await tick(120);
  t.is(refreshed.length, 2);
  refresher.close();
});
