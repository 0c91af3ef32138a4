import test from 'ava';
import { configurations } from '../../src/report/aggregate.js';
import { parseJournal as parseJournalLines } from '../../src/journal/read.js';
import { journalForReport } from '../../src/report/record.js';
import { readSettings } from '../../src/journal/recorded-settings.js';
import { pivotTables } from '../../src/report/pivot.js';
import { joinResults, type SweepResults } from '../../src/report/results.js';
import { planOf } from '../helpers/sweeps.js';

const parseJournal = (text: string, file: string) => journalForReport(parseJournalLines(text, file));

/** The report's view of a sweep file's plan with no job finished yet. */
function pending(yaml: string): SweepResults {
  const plan = planOf(yaml);
  const jobs = plan.jobs.map((job) => ({ id: job.id, index: job.index, name: job.name, settings: readSettings(job.settings, 'settings', []) }));
  return joinResults({
    folderName: plan.sweep,
    plan: { sweep: plan.sweep, description: null, created_at: null, code_version: null, jobs },
    journal: parseJournal('', 'journal.jsonl'),
    journalFile: 'journal.jsonl',
    warnings: [],
  });
}

const cases: { title: string; yaml: string; tables: string[] }[] = [
  {
    title: 'a grid of three settings gets a pivot table per pair',
    yaml: 'name: g\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1, 0.01]\n  batch_size: [50, 200]',
    tables: ['### init × learning_rate', '### init × batch_size', '### learning_rate × batch_size'],
  },
  {
    title: 'settings tied by zip get no pivot table',
    yaml: 'name: z\nzip:\n  learning_rate: [0.1, 0.01, 0.001]\n  batch_size: [50, 100, 200]',
    tables: [],
  },
  {
    title: 'named runs that each set both settings get no pivot table',
    yaml: 'name: r\nruns:\n  small: {hidden_sizes: [32]}\n  big: {hidden_sizes: [256], learning_rate: 0.05}',
    tables: [],
  },
  {
    title: 'a grid with one combination excluded still gets its pivot table',
    yaml: 'name: x\ngrid:\n  init: [zeros, glorot, normal]\n  learning_rate: [0.1, 0.01]\nexclude:\n  - {init: zeros, learning_rate: 0.01}',
    tables: ['### init × learning_rate'],
  },
];

for (const c of cases) {
  test(c.title, (t) => {
    const results = pending(c.yaml);
    const titles = pivotTables(results, configurations(results)).map((table) => table.split('\n')[0]);
    t.deepEqual(titles, c.tables);
  });
}

test('a pivot cell says pending until a job of it finishes, and — where the plan has no such combination', (t) => {
  const results = pending('name: x\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1, 0.01]\nexclude:\n  - {init: zeros, learning_rate: 0.01}');
  const [table] = pivotTables(results, configurations(results));
  t.true(table.includes('| zeros | — | pending |'));
  t.true(table.includes('| glorot | pending | pending |'));
});
