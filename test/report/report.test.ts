import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { writeReport } from '../../src/report/index.js';
import { scratchResults } from '../helpers/report/results.js';

function relative(dir: string, files: readonly string[]): string[] {
  return files.map((file) => path.relative(dir, file).split(path.sep).join('/')).sort();
}

test('writeReport writes the tables, the CSVs and every figure of a sweep', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const result = await writeReport(dir);
  t.is(result.sweep, 'troubled');
  t.deepEqual(relative(dir, result.written), [
    'epochs.csv',
    'figures/jobs/6ac7ab67d57d-loss.svg',
    'figures/jobs/a49adf45d5a4-loss.svg',
    'figures/validation-accuracy-by-hidden_sizes.svg',
    'figures/validation-accuracy-by-learning_rate.svg',
    'figures/validation-accuracy.svg',
    'report.html',
    'summary.csv',
    'summary.md',
  ]);
  t.deepEqual(result.unchanged, []);
  t.deepEqual(result.warnings, []);
  for (const file of result.written.filter((f) => f.endsWith('.svg'))) t.regex(readFileSync(file, 'utf8'), /^<!-- mlp-sweep figure [0-9a-f]{64} -->\n<svg /);
});

test('a gradient-check job gets its max-difference figure and table', async (t) => {
  const dir = path.join(scratchResults(t, 'gradient-check'), 'gradient-check');
  const result = await writeReport(dir);
  const figure = result.written.find((f) => f.endsWith('-gradcheck.svg'));
  t.truthy(figure);
  t.regex(readFileSync(path.join(dir, 'summary.md'), 'utf8'), /## Gradient checks[\s\S]*\| tensor \| best ε \|/);
});

test('a refresh with nothing new rewrites nothing', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const first = await writeReport(dir);
  const second = await writeReport(dir);
  t.deepEqual(second.written, []);
  t.deepEqual([...second.unchanged].sort(), [...first.written].sort());
});

test('a refresh after one more job redraws that job and the sweep figures, not the other jobs', async (t) => {
  const dir = path.join(scratchResults(t, 'partial'), 'partial');
  // The fixture's last line is torn; end it so that the next record starts on its own line.
  appendFileSync(path.join(dir, 'journal.jsonl'), '\n');
  await writeReport(dir);
  const lossOf = (id: string) => path.join(dir, 'figures', 'jobs', `${id}-loss.svg`);
  const before = statSync(lossOf('b2381f36bc31')).mtimeMs;

  // The next job of the plan finishes: its record is a copy of job 2's, under job 3's id and settings.
  const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  const lines = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{') && l.endsWith('}'));
  const next = { ...JSON.parse(lines[2]), id: plan.jobs[3].id, index: 3, settings: plan.jobs[3].settings };
  appendFileSync(path.join(dir, 'journal.jsonl'), `${JSON.stringify(next)}\n`);

  const result = await writeReport(dir);
  t.deepEqual(relative(dir, result.written), [
    'epochs.csv',
    `figures/jobs/${next.id}-loss.svg`,
    'figures/validation-accuracy-by-hidden_sizes.svg',
    'figures/validation-accuracy-by-learning_rate.svg',
    'figures/validation-accuracy.svg',
    'report.html',
    'summary.csv',
    'summary.md',
  ]);
  t.is(statSync(lossOf('b2381f36bc31')).mtimeMs, before);
  t.regex(readFileSync(path.join(dir, 'summary.md'), 'utf8'), /\*\*8 jobs\*\*: 4 ok, 4 pending\./);
});

test('refreshes of one folder started together run one after the other, and the last one wins', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const results = await Promise.all([writeReport(dir), writeReport(dir), writeReport(dir)]);
  t.is(results[0].written.length, 9);
  t.deepEqual(results[1].written, []);
  t.deepEqual(results[2].written, []);
});

test('without job figures, only the sweep figures are drawn and summary.md links no job figure', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const result = await writeReport(dir, { jobFigures: false });
  t.false(result.written.some((f) => f.includes(`${path.sep}jobs${path.sep}`)));
  t.false(existsSync(path.join(dir, 'figures', 'jobs')));
  t.notRegex(readFileSync(path.join(dir, 'summary.md'), 'utf8'), /figures\/jobs\//);
});

test('a refresh whose signal is aborted stops between two files, each written whole, and says why', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const stop = new AbortController();
  stop.abort(new Error('a newer refresh came'));
  await t.throwsAsync(writeReport(dir, { signal: stop.signal }), { message: 'a newer refresh came' });
  t.false(existsSync(path.join(dir, 'summary.md')), 'nothing was written');
  // the next refresh writes the whole report
  const result = await writeReport(dir);
  t.true(result.written.some((file) => file.endsWith('summary.md')));
});
