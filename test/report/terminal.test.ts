import path from 'node:path';
import { PassThrough } from 'node:stream';
import test from 'ava';
import { runReport } from '../../src/cli/commands/report.js';
import { topTable } from '../../src/report/terminal.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { loadFixture, scratchResults } from '../helpers/report/results.js';

test('--top prints the best configurations as an aligned table, best first', async (t) => {
  const { results, configs } = await loadFixture('lr-batch');
  const text = topTable(results, configs, 3);
  matchesGolden(t, 'lr-batch/top-3.txt', text);
  const lines = text.split('\n');
  t.is(lines[0], 'lr-batch: the best 3 of 10 configurations with results, by final validation accuracy');
  t.regex(lines[3], /^1 {2}0\.3 +50 +92\.95 ± 0\.35 \(n=3\) +92\.19 ± 0\.58 \(n=3\) {2}3 ok$/);
  t.is(lines.length, 7);
});

test('mlp-sweep report --top writes the report and prints the table instead of the file list', async (t) => {
  const root = scratchResults(t, 'lr-batch');
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  t.is(await runReport(path.join(root, 'lr-batch'), { jobFigures: false, top: 2 }, out, new PassThrough()), 0);
  t.regex(text, /report of lr-batch, \d+ files written\nlr-batch: the best 2 of 10 configurations/);
  t.false(text.includes('summary.md'));
});
