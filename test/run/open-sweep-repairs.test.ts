/** What a run cleans up and repairs when it opens a sweep's folder, holding its lock. */
import test from 'ava';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { readJournal } from '../../src/journal/read.js';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { runPlans } from '../../src/run/coordinator.js';
import type { RunEvent } from '../../src/run/events.js';
import { mnist } from '../helpers/mnist.js';
import { tempDir, tinyPlan } from '../helpers/run.js';

const warnings = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));

test('stray temporary files of killed writers are removed at start; a live process\'s are kept', async (t) => {
  const results = tempDir();
  const dir = path.join(results, 'tiny');
  mkdirSync(path.join(dir, 'figures'), { recursive: true });
  const dead = path.join(dir, '.summary.md.99999999-0badf00d.tmp'); // beyond any pid
  const deadFigure = path.join(dir, 'figures', '.loss.svg.99999999-0badf00d.tmp');
  const live = path.join(dir, `.epochs.csv.${process.ppid}-0badf00d.tmp`);
  for (const file of [dead, deadFigure, live]) writeFileSync(file, 'half');
  await runPlans([tinyPlan('tiny', [1], [0.1])], new InProcessLauncher(mnist()), { resultsDir: results });
  t.false(existsSync(dead));
  t.false(existsSync(deadFigure));
  t.true(existsSync(live));
});

test('a torn last record is cut off when the run opens the journal, with one warning, and not warned about again', async (t) => {
  const results = tempDir();
  const plan = tinyPlan('tiny', [1, 2], [0.1]);
  await runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results });
  const file = path.join(results, 'tiny', 'journal.jsonl');
  appendFileSync(file, '{"format":1,"id":"0123456789ab","sta'); // a full disk mid-record
  const events: RunEvent[] = [];
  await runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results, onEvent: (e) => events.push(e) });
  t.deepEqual(warnings(events), [`${file}: removed a torn last record (36 bytes, cut short by a kill or a full disk); its job runs again`]);
  t.true(readFileSync(file, 'utf8').endsWith('\n'));
  const again: RunEvent[] = [];
  await runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results, onEvent: (e) => again.push(e) });
  t.deepEqual(warnings(again), []);
  t.deepEqual(readJournal(path.join(results, 'tiny')).warnings, []);
});

test('breakLock takes a folder a live run seems to hold', async (t) => {
  const results = tempDir();
  const dir = path.join(results, 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.lock'), JSON.stringify({ host: hostname(), pid: process.ppid, started_at: 'then' }));
  const plan = tinyPlan('tiny', [1], [0.1]);
  await t.throwsAsync(runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results }), { code: 'LOCKED' });
  const events: RunEvent[] = [];
  const summary = await runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results, breakLock: true, onEvent: (e) => events.push(e) });
  t.is(summary.ok, 1);
  const opened = events.find((e): e is Extract<RunEvent, { type: 'sweep' }> => e.type === 'sweep');
  t.regex(opened?.took_over_lock ?? '', /broken by --break-lock/);
  t.false(existsSync(path.join(dir, '.lock')));
});
