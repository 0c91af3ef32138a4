import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import test from 'ava';
import { runReport } from '../../src/cli/commands/report.js';
import { scratchResults } from '../helpers/report/results.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

test('report of a results root reports every sweep in it, listing files written and warnings', async (t) => {
  const root = scratchResults(t, 'older', 'troubled');
  mkdirSync(path.join(root, 'not-a-sweep'));
  const out = capture();
  const err = capture();
  const code = await runReport(root, { jobFigures: false }, out.stream, err.stream);
  t.is(code, 0);
  t.regex(out.text(), new RegExp(`^${path.join(root, 'older')}: report of older, 6 files written\n`));
  t.regex(out.text(), new RegExp(`\n${path.join(root, 'troubled')}: report of troubled, 7 files written\n`));
  t.true(out.text().includes(`  ${path.join(root, 'troubled', 'summary.md')}\n`));
  t.regex(err.text(), new RegExp(`^warning: ${path.join(root, 'older', 'plan.json')}: missing`));
  t.is(err.text().split('\n').filter((l) => l.startsWith('warning:')).length, 5);
});

test('report of a folder with no journal exits 1 and says what to give instead', async (t) => {
  const root = scratchResults(t);
  const out = capture();
  const err = capture();
  const code = await runReport(root, { jobFigures: true }, out.stream, err.stream);
  t.is(code, 1);
  t.is(out.text(), '');
  t.is(
    err.text(),
    `mlp-sweep: no journal.jsonl in ${root}, nor in any folder directly in it: no job has finished there yet\n` +
      '  hint: give the results folder of a sweep (results/<sweep name>), or the folder that holds them (results)\n',
  );
});

test('report of a folder that does not exist exits 1', async (t) => {
  const err = capture();
  const code = await runReport('/nonexistent/results', { jobFigures: true }, capture().stream, err.stream);
  t.is(code, 1);
  t.is(err.text(), 'mlp-sweep: no such folder: /nonexistent/results\n');
});
