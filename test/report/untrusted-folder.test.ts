/** A results folder is untrusted input: the report reads and writes only the folder's own files. */
import test from 'ava';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runReport } from '../../src/cli/commands/report.js';
import { writeReport } from '../../src/report/index.js';
import { reportPath } from '../../src/report/write.js';
import { scratchResults } from '../helpers/report/results.js';

async function report(dir: string): Promise<{ code: number; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  err.on('data', (chunk) => (text += chunk));
  const code = await runReport(dir, { jobFigures: true }, out, err);
  return { code, err: text };
}

function firstRecord(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]);
}

test('a record whose id leaves the folder is skipped, and nothing is written outside it', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  rmSync(path.join(dir, 'plan.json'));
  const record = { ...firstRecord(dir), id: '../../../../escaped' };
  writeFileSync(path.join(dir, 'journal.jsonl'), `${readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')}${JSON.stringify(record)}\n`);
  const result = await writeReport(dir);
  t.true(result.warnings.some((w) => w.includes('has an id that is not a job id (got "../../../../escaped")')), result.warnings.join('\n'));
  t.false(readdirSync(root).some((name) => name.includes('escaped')));
  t.false(existsSync(path.resolve(dir, '../../../..', 'escaped-loss.svg')));
});

test('a report path outside the folder is refused', async (t) => {
  const dir = scratchResults(t);
  await t.throwsAsync(reportPath(dir, 'figures/jobs/../../../x-loss.svg'), { code: 'UNSAFE_PATH', message: /would lie outside the results folder/ });
});

test('a symlinked journal.jsonl is refused with one line', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  const elsewhere = path.join(root, 'elsewhere.jsonl');
  writeFileSync(elsewhere, readFileSync(path.join(dir, 'journal.jsonl')));
  rmSync(path.join(dir, 'journal.jsonl'));
  symlinkSync(elsewhere, path.join(dir, 'journal.jsonl'));
  const { code, err } = await report(dir);
  t.is(code, 1);
  t.is(err.split('\n')[0], `mlp-sweep: ${path.join(dir, 'journal.jsonl')} is a symbolic link, not a journal`);
});

test('a journal linked to /dev/zero is refused without being read', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  rmSync(path.join(dir, 'journal.jsonl'));
  symlinkSync('/dev/zero', path.join(dir, 'journal.jsonl'));
  const { code, err } = await report(dir);
  t.is(code, 1);
  t.regex(err, /journal\.jsonl is a symbolic link, not a journal/);
});

test('a journal that is a directory gives one line naming it', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  rmSync(path.join(dir, 'journal.jsonl'));
  mkdirSync(path.join(dir, 'journal.jsonl'));
  const { code, err } = await report(dir);
  t.is(code, 1);
  t.is(err.split('\n')[0], `mlp-sweep: ${path.join(dir, 'journal.jsonl')} is a directory, not a journal`);
});

test('a symlinked figures/ folder is refused, and nothing is written through it', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  const target = path.join(root, 'target');
  mkdirSync(target);
  rmSync(path.join(dir, 'figures'), { recursive: true, force: true });
  symlinkSync(target, path.join(dir, 'figures'));
  const { code, err } = await report(dir);
  t.is(code, 1);
  t.regex(err, new RegExp(`${path.join(dir, 'figures')}: is a symbolic link; a report writes only inside its results folder`));
  t.deepEqual(readdirSync(target), []);
});

test('HTML in an error message is escaped in summary.md', async (t) => {
  const root = scratchResults(t, 'troubled');
  const dir = path.join(root, 'troubled');
  const lines = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const failed = lines.find((r) => r.status === 'failed');
  failed.error = { ...failed.error, message: '<img src=x onerror=alert(1)> & <script>' };
  writeFileSync(path.join(dir, 'journal.jsonl'), `${lines.map((r) => JSON.stringify(r)).join('\n')}\n`);
  await writeReport(dir);
  const md = readFileSync(path.join(dir, 'summary.md'), 'utf8');
  t.false(md.includes('<img'));
  t.true(md.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;'));
});
