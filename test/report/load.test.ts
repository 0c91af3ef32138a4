import { mkdirSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { resolveSettings } from '../../src/core/settings.js';
import { parseJournal as parseJournalLines } from '../../src/journal/read.js';
import { journalForReport } from '../../src/report/record.js';
import { joinResults } from '../../src/report/results.js';
import { loadSweepResults } from '../../src/report/load.js';
import { ReportError } from '../../src/report/errors.js';
import { resultsFixture } from '../helpers/report/fixtures.js';
import { scratchResults } from '../helpers/report/results.js';
import { journalText, recordOf } from '../helpers/records.js';
import { tinyPlan } from '../helpers/run.js';

const parseJournal = (text: string, file: string) => journalForReport(parseJournalLines(text, file));

test('the last record of a re-run job wins', async (t) => {
  const results = await loadSweepResults(resultsFixture('troubled'));
  const rerun = results.jobs.find((job) => job.id === 'a49adf45d5a4')!;
  t.is(rerun.status, 'ok');
  t.deepEqual(
    results.jobs.map((job) => job.status),
    ['ok', 'failed', 'ok', 'diverged'],
  );
});

test('a torn last line is skipped with a warning, and the jobs before it still report', async (t) => {
  const results = await loadSweepResults(resultsFixture('partial'));
  t.deepEqual(results.warnings, ['journal.jsonl:4: the last line is cut short (a write in progress, or a crash mid-write); skipped']);
  t.is(results.jobs.filter((job) => job.status === 'ok').length, 3);
  t.is(results.jobs.filter((job) => job.status === 'pending').length, 5);
});

test('an older record that lacks fields still reports, the fields empty, with one warning per field', async (t) => {
  const results = await loadSweepResults(resultsFixture('older'));
  t.is(results.jobs.length, 2);
  for (const job of results.jobs) {
    t.is(job.status, 'ok');
    t.is(job.record!.wall_seconds, null);
    t.is(job.record!.test, null);
    t.is(job.settings.precision, null);
    t.is(job.settings.learning_rate === 0.1 || job.settings.learning_rate === 0.03, true);
  }
  t.deepEqual(results.warnings, [
    'plan.json: missing, so jobs not yet run are unknown and none is shown as pending',
    'journal.jsonl: 2 records lack settings.precision (jobs a49adf45d5a4, 635d13d5553d), shown as empty; written by an older mlp-sweep?',
    'journal.jsonl: 2 records lack epochs[].train_seconds (jobs a49adf45d5a4, 635d13d5553d), shown as empty; written by an older mlp-sweep?',
    'journal.jsonl: 2 records lack wall_seconds (jobs a49adf45d5a4, 635d13d5553d), shown as empty; written by an older mlp-sweep?',
    'journal.jsonl: 2 records lack test (jobs a49adf45d5a4, 635d13d5553d), shown as empty; written by an older mlp-sweep?',
  ]);
});

test('a setting a record lacks is taken from the plan, which has the same job, without a warning', (t) => {
  const record = { id: 'aaaaaaaaaaaa', status: 'ok', name: null, index: 0, settings: { learning_rate: 0.1 }, epochs: [], test: null };
  const journal = parseJournal(`${JSON.stringify(record)}\n`, 'journal.jsonl');
  t.deepEqual(journal.missing.get('settings.batch_size'), ['aaaaaaaaaaaa']);
  const plan = { sweep: 's', description: null, created_at: null, code_version: null, jobs: [{ id: 'aaaaaaaaaaaa', index: 0, name: null, settings: resolveSettings() }] };
  const results = joinResults({ folderName: 's', plan, journal, journalFile: 'journal.jsonl', warnings: [] });
  t.is(results.jobs[0].settings.batch_size, 200);
  t.is(results.jobs[0].settings.learning_rate, 0.1);
  t.false(results.warnings.some((w) => w.includes('settings.')));
  t.true(results.warnings.some((w) => w.includes('1 record lacks wall_seconds')));
});

test('a line that is not a record is skipped with a warning naming the line', (t) => {
  const journal = parseJournal('{"id":"aaaaaaaaaaaa"}\n[1,2]\n{"id":"bbbbbbbbbbbb","status":"ok"}\n', 'journal.jsonl');
  t.deepEqual(journal.warnings, [
    'journal.jsonl:1: the record job aaaaaaaaaaaa has no known status (got nothing); skipped',
    'journal.jsonl:2: the record is not a JSON object; skipped',
  ]);
  t.deepEqual(
    journal.records.map((r) => r.id),
    ['bbbbbbbbbbbb'],
  );
});

test('a record whose settings were changed under its id is left out with a warning saying so', (t) => {
  const [job] = tinyPlan().jobs;
  const forged = { ...recordOf(job, 'ok'), settings: { ...job.settings, epochs: 9 } };
  const journal = parseJournal(journalText([recordOf(job, 'failed'), forged]), 'journal.jsonl');
  t.deepEqual(journal.records.map((r) => r.status), ['failed']);
  t.is(journal.warnings.length, 1);
  t.regex(journal.warnings[0], new RegExp(`^journal\\.jsonl:2: the record of job ${job.id} is not that job's: the content hash of its settings is [0-9a-f]{12} \\(changed after it ran\\?\\); skipped$`));
});

test('a folder without a journal is refused with a ReportError naming it', async (t) => {
  const root = scratchResults(t);
  const dir = path.join(root, 'empty');
  mkdirSync(dir);
  const error = await t.throwsAsync(loadSweepResults(dir), { instanceOf: ReportError });
  t.is(error!.code, 'NO_JOURNAL');
  t.is(error!.message, `no journal.jsonl in ${dir}: no job of this sweep has finished yet`);
});
