/**
 * Sweep files as untrusted input: each case is a class of hostile file, refused (or warned about)
 * before anything runs, with one message that is short and safe to print.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { estimateJobMemory } from '../../src/core/resources.js';
import { resolveSettings } from '../../src/core/settings.js';
import { formatDiagnostic } from '../../src/sweep/diagnostics.js';
import { SweepFileError } from '../../src/sweep/errors.js';
import { MAX_SWEEP_FILE_BYTES, checkSweepText, loadSweeps } from '../../src/sweep/load.js';
import type { PlanOptions } from '../../src/sweep/planner.js';
import type { ResourceLimits } from '../../src/sweep/resources.js';
import { tempDir } from '../helpers/run.js';

const GiB = 2 ** 30;
const LIMITS: ResourceLimits = {
  memoryBytes: 8 * GiB,
  memorySource: 'the test machine\'s 8.0 GiB',
  arrayBytes: 4 * GiB,
  heapBytes: 4 * GiB,
  jobSeconds: 168 * 3600,
  jobSecondsSource: 'the limit of 168 hours',
};

async function problems(paths: string[], options: PlanOptions = {}): Promise<string[]> {
  try {
    await loadSweeps(paths, options);
    return [];
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    return error.diagnostics.map(formatDiagnostic);
  }
}

/** The first line of each message (the hint, when there is one, is on the next). */
function lines(text: string, options: PlanOptions = {}): string[] {
  const check = checkSweepText(text, 'x.yaml', options);
  return (check.ok ? check.notices : check.diagnostics).map((d) => formatDiagnostic(d).split('\n')[0]);
}

test('a FIFO given as the sweep file is refused without being opened', async (t) => {
  const fifo = path.join(tempDir(), 'sweep.yaml');
  execFileSync('mkfifo', [fifo]);
  t.deepEqual(await problems([fifo]), [`${fifo}:1:1: (file): is a FIFO (named pipe), not a regular file; a sweep file must be a regular .yaml file`]);
});

test('a device such as /dev/urandom is refused without being read', async (t) => {
  t.deepEqual(await problems(['/dev/urandom']), ['/dev/urandom:1:1: (file): is a device, not a regular file; a sweep file must be a regular .yaml file']);
});

test('a file over the size limit is refused before it is read', async (t) => {
  const file = path.join(tempDir(), 'big.yaml');
  writeFileSync(file, `name: big\ndescription: ${'x'.repeat(MAX_SWEEP_FILE_BYTES)}\n`);
  const [line, ...rest] = await problems([file]);
  t.regex(line, /: \(file\): is larger than 1024 KiB \(\d+ bytes\)/);
  t.deepEqual(rest, []);
});

test('a long description is refused, and not echoed in full', (t) => {
  const [line] = lines(`name: d\ndescription: ${'y'.repeat(100_000)}\n`);
  t.is(line, 'x.yaml:2:14: description: is 100000 characters long; a description is at most 2000');
});

test('every echoed string is cut: a 50 KB unknown key prints a short line', (t) => {
  const out = lines(`name: k\nfixed: { ${'k'.repeat(50_000)}: 1 }\n`);
  t.true(out.every((l) => l.length < 1000), String(out.map((l) => l.length)));
  t.regex(out[0], /^x\.yaml:2:10: fixed\.k+…: unknown setting \(got "k+…\)$/);
});

test('a bidirectional override is escaped where it is echoed, and refused in a description', (t) => {
  const [key] = lines('name: b\nfixed:\n  \u202eevil: 1\n');
  t.false(key.includes('\u202e'));
  t.true(key.startsWith('x.yaml:3:3: fixed.\\u202eevil: unknown setting (got "\\u202eevil")'), key);
  const [description] = lines('name: b\ndescription: "gnp.\u202eexe"\n');
  t.is(description, 'x.yaml:2:14: description: contains a control or bidirectional-override character, which would disguise how it reads (got \\u202e)');
});

test('deep nesting is refused with a short message, not a stack overflow', (t) => {
  const depth = 50_000;
  const out = lines(`name: deep\nfixed:\n  hidden_sizes: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
  t.is(out.length, 1);
  t.regex(out[0], /^x\.yaml:3:\d+: fixed\.hidden_sizes(\[0\])+: nests lists or mappings more than 32 levels deep; a sweep file needs at most 4$/);
  t.true(out[0].length < 400);
});

test('a second YAML document is explained without advising a library call', (t) => {
  const [line] = lines('name: a\n---\nname: b\n');
  t.is(line, 'x.yaml:2:1: (file): has more than one YAML document (a second `---` line starts another); a sweep file is one document');
  t.false(lines('name: a\n---\nname: b\n').join('\n').includes('parseAllDocuments'));
});

test('train_limit of the whole training set or more is the same job as none', (t) => {
  const check = checkSweepText('name: t\nfixed: { hidden_sizes: [8], epochs: 1 }\ngrid:\n  train_limit: [50000, 60000, null]\n', 'x.yaml');
  t.true(check.ok);
  if (!check.ok) return;
  t.is(check.plan.jobs.length, 1);
  t.is(check.plan.jobs[0].settings.train_limit, null);
});

test('an exclude entry that matches no combination is warned about', (t) => {
  const check = checkSweepText('name: e\nfixed: { hidden_sizes: [8], epochs: 1 }\ngrid:\n  learning_rate: [0.1, 0.2]\nexclude:\n  - learning_rate: 0.1\n  - learning_rate: 0.3\n', 'x.yaml');
  t.true(check.ok);
  if (!check.ok) return;
  t.is(check.plan.jobs.length, 1);
  t.deepEqual(check.notices.map(formatDiagnostic), ['x.yaml:7:5: exclude[1]: matches no grid combination, so it removes nothing\n  hint: check its values against the grid axes']);
});

test('a job that cannot fit in memory is refused, saying how much it needs', (t) => {
  const check = checkSweepText('name: m\nfixed: { hidden_sizes: [10000000], epochs: 1 }\n', 'x.yaml', { resources: LIMITS });
  const [line, hint] = check.ok ? [] : formatDiagnostic(check.diagnostics[0]).split('\n');
  t.is(
    line,
    'x.yaml:2:24: fixed.hidden_sizes: needs about 96.5 GiB of memory per job (parameters 29.6 GiB, gradients 29.6 GiB, activations 37.3 GiB), more than the test machine\'s 8.0 GiB (got [10000000])',
  );
  t.regex(hint, /--max-memory/);
});

test('a job that fits the memory but not this runtime\'s largest array is refused', (t) => {
  const out = lines('name: m\nfixed: { hidden_sizes: [1500000], epochs: 1, train_limit: 1000 }\n', { resources: { ...LIMITS, memoryBytes: 1024 * GiB } });
  t.regex(out[0], /needs an array of 4\.4 GiB, more than this Node\.js allocates \(4\.0 GiB\)/);
});

test('a job of a billion epochs is refused with its estimated time', (t) => {
  const [line] = lines('name: h\nfixed: { hidden_sizes: [8], epochs: 1000000000 }\n', { resources: LIMITS });
  t.regex(line, /^x\.yaml:2:37: fixed\.epochs: would take about \d+ days on one worker \(by the plan's estimate\), more than the limit of 168 hours$/);
});

test('the memory estimate counts parameters, gradients, activations and a gradcheck job\'s checkpoint', (t) => {
  const settings = resolveSettings({ hidden_sizes: [512, 1024], batch_size: 200 });
  const p = 784 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 10 + 10;
  const rows = 500; // the evaluation batch is larger than the training batch
  const memory = estimateJobMemory(settings);
  t.is(memory.parameters, p * 4);
  t.is(memory.gradients, p * 4);
  t.is(memory.activations, rows * (784 + 2 * (512 + 1024 + 10)) * 4 + rows * 4);
  t.is(memory.checkpoint, 0);
  t.is(memory.total, 2 * p * 4 + memory.activations);
  const check = estimateJobMemory(settings, { gradcheck: true });
  t.true(check.checkpoint > p * 8 * 3, 'the exported copy and a float64 model');
});
