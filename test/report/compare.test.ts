import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { runCompare } from '../../src/cli/commands/compare.js';
import { configurations } from '../../src/report/aggregate.js';
import { compareSweeps } from '../../src/report/compare.js';
import { comparisonMarkdown } from '../../src/report/compare-report.js';
import { loadSweepResults } from '../../src/report/load.js';
import { jobId } from '../../src/sweep/ids.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { scratchResults } from '../helpers/report/results.js';

/**
 * Two copies of the lr-batch fixture; the second as if rerun with the native kernels (a setting that
 * tells the sweeps apart), with a deliberate difference: learning rate 0.3, batch 50 lost 5 points on every
 * seed; learning rate 0.1, batch 50 moved by a hundredth of a point, far inside its seed noise.
 */
function twoSweeps(t: ExecutionContext): { a: string; b: string } {
  const root = scratchResults(t, 'lr-batch');
  const a = path.join(root, 'lr-batch');
  const b = path.join(scratchResults(t, 'lr-batch'), 'lr-batch');
  const journal = path.join(b, 'journal.jsonl');
  const lines = readFileSync(journal, 'utf8').trim().split('\n').map((line) => {
    const record = JSON.parse(line);
    record.settings.kernels = 'native';
    // Another setting, another content-addressed id (the reader checks it).
    record.id = jobId('train', record.settings, record.code_version);
    const last = record.epochs[record.epochs.length - 1];
    const { learning_rate: lr, batch_size: batch } = record.settings;
    if (lr === 0.3 && batch === 50) last.validation_accuracy -= 0.05;
    if (lr === 0.1 && batch === 50) last.validation_accuracy += 0.0001;
    return JSON.stringify(record);
  });
  writeFileSync(journal, `${lines.join('\n')}\n`);
  const plan = JSON.parse(readFileSync(path.join(b, 'plan.json'), 'utf8'));
  for (const job of plan.jobs) {
    job.settings.kernels = 'native';
    job.id = jobId('train', job.settings, plan.code_version);
  }
  writeFileSync(path.join(b, 'plan.json'), JSON.stringify(plan));
  return { a, b };
}

async function compared(t: ExecutionContext) {
  const { a, b } = twoSweeps(t);
  const sweeps = await Promise.all(
    [
      ['A', a],
      ['B', b],
    ].map(async ([label, dir]) => {
      const results = await loadSweepResults(dir);
      return { label, results, configs: configurations(results) };
    }),
  );
  return compareSweeps(sweeps);
}

test('compare matches configurations across sweeps and flags the deliberate difference as beyond seed noise', async (t) => {
  const c = await compared(t);
  t.deepEqual(c.differences, [{ setting: 'kernels', values: ['auto', 'native'] }]);
  t.is(c.rows.length, 10);
  const verdict = (label: string) => c.rows.find((r) => r.label === label)!.cells[1];
  t.is(verdict('learning_rate=0.3 batch_size=50').verdict, 'exceeds noise');
  t.true(Math.abs(verdict('learning_rate=0.3 batch_size=50').delta! + 5) < 1e-9);
  t.is(verdict('learning_rate=0.1 batch_size=50').verdict, 'within noise');
  t.is(c.rows.filter((r) => r.cells[1].verdict === 'identical').length, 8);
  matchesGolden(t, 'compare/lr-batch-vs-changed.md', comparisonMarkdown(c));
});

test('mlp-sweep compare prints the markdown and writes the HTML page asked for', async (t) => {
  const { a, b } = twoSweeps(t);
  const html = path.join(path.dirname(b), 'compare.html');
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await runCompare([a, b], { html }, out, new PassThrough());
  t.is(code, 0);
  t.regex(text, /: 8 identical bit for bit, 1 within seed noise, 1 beyond it, 0 with one seed/);
  const page = readFileSync(html, 'utf8');
  t.regex(page, /<table id="table-compare" class="sortable">/);
  t.regex(page, /exceeds noise/);
});

test('mlp-sweep compare with one folder says it needs two', async (t) => {
  const err = new PassThrough();
  let text = '';
  err.on('data', (chunk: Buffer) => (text += chunk.toString()));
  t.is(await runCompare(['results/a'], {}, new PassThrough(), err), 1);
  t.regex(text, /compare needs two or more results folders \(got 1\)/);
});
