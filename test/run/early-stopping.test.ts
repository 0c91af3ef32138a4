import test from 'ava';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { PoolLauncher } from '../../src/launch/pool.js';
import { latestById, readJournal } from '../../src/journal/read.js';
import { runPlans } from '../../src/run/coordinator.js';
import { writeReport } from '../../src/report/report.js';
import { loadSweepResults } from '../../src/report/load.js';
import { searchBudgetFigure, searchCurvesFigure, searchParameterFigure } from '../../src/report/figures/search.js';
import { ashaPlan, decisionLines, recordLines } from '../helpers/asha.js';
import { mnist } from '../helpers/mnist.js';
import { computed, tempDir } from '../helpers/run.js';

const searchPlan = () => ashaPlan('asha');

const dirOf = (results: string) => path.join(results, 'asha');

const decisions = (results: string): string[] => decisionLines(dirOf(results));
const records = (results: string): string[] => recordLines(dirOf(results));

async function run(results: string, workers: number) {
  const launcher = workers === 1 ? new InProcessLauncher(mnist()) : new PoolLauncher(mnist(), { workers });
  try {
    return await runPlans([searchPlan()], launcher, { resultsDir: results });
  } finally {
    await launcher.close();
  }
}

// One run with one worker, shared by the tests below (each search costs seconds on a loaded machine).
const single = tempDir();
let singleRun: ReturnType<typeof run> | undefined;
const once = () => (singleRun ??= run(single, 1));

test('an ASHA search makes the same decisions and computes the same bits with 1 and 2 workers', async (t) => {
  const two = tempDir();
  const a = await once();
  const b = await run(two, 2);
  t.is(a.stopped, 5);
  t.is(b.stopped, 5);
  t.true(decisions(single).length > 0);
  t.deepEqual(decisions(two), decisions(single));
  t.deepEqual(records(two), records(single));
});

test("a stopped trial's record is under its own id, says stopped, and holds the epochs it trained", async (t) => {
  await once();
  const plan = searchPlan();
  const latest = latestById(readJournal(dirOf(single)).records);
  const stopped = plan.jobs.map((job) => latest.get(job.id)!).filter((r) => r.status === 'stopped');
  t.is(stopped.length, 5);
  for (const record of stopped) {
    t.is(record.settings.epochs, 9);
    t.true([1, 3].includes(record.epochs.length - 1), `trained ${record.epochs.length - 1} epochs`);
  }
});

test('a rung run computes exactly the first epochs of the longer run', async (t) => {
  await once();
  const all = readJournal(dirOf(single)).records;
  const full = all.find((r) => r.status === 'ok' && r.settings.epochs === 9)!;
  const first = all.find((r) => r.settings.epochs === 1 && r.settings.learning_rate === full.settings.learning_rate)!;
  t.deepEqual(computed(first).epochs, computed(full).epochs.slice(0, 2));
});

test('a run cut short (journal and decisions truncated, as by kill -9) resumes to the same decisions, replaying the journaled ones', async (t) => {
  await once();
  const cut = tempDir();
  cpSync(dirOf(single), dirOf(cut), { recursive: true });
  const journal = path.join(dirOf(cut), 'journal.jsonl');
  const decided = path.join(dirOf(cut), 'decisions.jsonl');
  const keep = (file: string, n: number) => writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, n).join('\n') + '\n');
  keep(journal, 8);
  keep(decided, 3);
  const before = readFileSync(decided, 'utf8');
  await run(cut, 2);
  t.true(readFileSync(decided, 'utf8').startsWith(before), 'the journaled decisions stay as written');
  t.deepEqual(decisions(cut), decisions(single));
  t.deepEqual(records(cut), records(single));
});

test('the report ranks every trial with the rung it reached, and counts the epochs against the full budget', async (t) => {
  await once();
  await writeReport(dirOf(single), { jobFigures: false });
  const summary = readFileSync(path.join(dirOf(single), 'summary.md'), 'utf8');
  t.regex(summary, /\*\*6 jobs\*\*: 1 ok, 5 stopped/);
  t.regex(summary, /## Early stopping/);
  t.regex(summary, /trials per rung reached — rung 0 \(1 epochs\): 6, rung 1 \(3 epochs\): 3, rung 2 \(9 epochs\): 1\./);
  // 6 trials × 1 epoch, 3 continued for 2 more, 1 for 6 more
  t.regex(summary, /Epochs trained: 18 \(promoted trials continue from their rung's checkpoint\), against 54 for every trial to 9 epochs \(33 %\)/);
  t.regex(summary, /\| 1 \| 3 \| `[0-9a-f]{12}` \| 0\.346314 \| every rung \(9 epochs\) \|/);
  t.is((summary.match(/stopped at rung/g) ?? []).length, 5);
  t.notRegex(summary, /the latest plan no longer has/);
});

test("a search's report draws every trial's curve by rung reached, a log-scale scatter of the sampled learning rate, and the epochs against the budget", async (t) => {
  await once();
  const results = await loadSweepResults(dirOf(single));
  const curves = searchCurvesFigure(results) as unknown as { data: { values: { trial: number; rung: string }[] } };
  const reached = new Map(curves.data.values.map((v) => [v.trial, v.rung]));
  t.deepEqual([...reached.values()].sort(), ['rung 0: 1 epoch', 'rung 0: 1 epoch', 'rung 0: 1 epoch', 'rung 1: 3 epochs', 'rung 1: 3 epochs', 'rung 2: 9 epochs (max)']);
  const scatter = searchParameterFigure(results, 'learning_rate', true) as unknown as { encoding: { x: { scale: unknown } }; data: { values: unknown[] } };
  t.deepEqual(scatter.encoding.x.scale, { type: 'log' });
  t.is(scatter.data.values.length, 6);
  const budget = searchBudgetFigure(results, results.earlyStopping!) as unknown as { data: { values: { part: string; epochs: number }[] } };
  t.deepEqual(budget.data.values.map((v) => [v.part, v.epochs]), [['rung 0 (to 1 epoch)', 6], ['rung 1 (to 3 epochs)', 6], ['rung 2 (to 9 epochs)', 6], ['full budget', 54]]);

  await writeReport(dirOf(single), { jobFigures: false });
  const summary = readFileSync(path.join(dirOf(single), 'summary.md'), 'utf8');
  for (const name of ['search-curves', 'search-learning_rate', 'search-epochs']) {
    t.regex(summary, new RegExp(`\\(figures/${name}\\.svg\\)`));
    t.regex(readFileSync(path.join(dirOf(single), 'figures', `${name}.svg`), 'utf8'), /<svg /);
  }
  t.notRegex(summary, /validation-accuracy-by-learning_rate/, 'a searched setting gets its scatter, not one category per sampled value');
});
