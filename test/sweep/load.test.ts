import path from 'node:path';
import test from 'ava';
import { formatDiagnostic } from '../../src/sweep/diagnostics.js';
import { SweepFileError } from '../../src/sweep/errors.js';
import { loadSweepFile, loadSweeps } from '../../src/sweep/load.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';
import { tempDirWith } from '../helpers/temp-dir.js';

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SweepFileError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected a SweepFileError');
}

test('a folder gives its .yaml and .yml files, in name order', async (t) => {
  const dir = tempDirWith(t, {
    'b.yml': 'name: b\n',
    'a.yaml': 'name: a\n',
    'notes.txt': 'not a sweep',
    'nested/c.yaml': 'name: c\n',
  });
  const loaded = await loadSweeps([dir]);
  t.deepEqual(
    loaded.map((sweep) => [path.basename(sweep.file), sweep.sweep.name]),
    [
      ['a.yaml', 'a'],
      ['b.yml', 'b'],
    ],
  );
});

test('a file named twice, directly and through its folder, is loaded once', async (t) => {
  const dir = tempDirWith(t, { 'a.yaml': 'name: a\n' });
  t.is((await loadSweeps([dir, path.join(dir, 'a.yaml')])).length, 1);
});

test('two sweeps with one name are refused at the second name', async (t) => {
  const dir = tempDirWith(t, { 'one.yaml': 'name: same\n', 'two.yaml': '# the same name\nname: same\n' });
  const one = path.join(dir, 'one.yaml');
  const two = path.join(dir, 'two.yaml');
  t.deepEqual(await problemsOf(loadSweeps([one, two])), [
    `${two}:2:7: name: is also the name of the sweep in ${one}; each sweep needs its own results folder (got "same")\n  hint: rename one of the sweeps`,
  ]);
});

test('the problems of every file are reported together', async (t) => {
  const dir = tempDirWith(t, { 'a.yaml': 'name: a\nfixed: {epochs: 0}\n', 'b.yaml': 'name: b\ngrid: {init: []}\n' });
  const problems = await problemsOf(loadSweeps([dir]));
  t.deepEqual(
    problems.map((line) => line.split('\n')[0].slice(dir.length + 1)),
    ['a.yaml:2:17: fixed.epochs: must be at least 1 (got 0)', 'b.yaml:2:14: grid.init: is an empty axis, which gives no jobs (got [])'],
  );
});

test('a missing path and a folder with no sweep files are reported by name', async (t) => {
  const dir = tempDirWith(t, { 'readme.md': '#' });
  const missing = path.join(dir, 'missing.yaml');
  t.deepEqual(await problemsOf(loadSweeps([missing, dir])), [
    `${missing}:1:1: (file): no such file or folder`,
    `${dir}:1:1: (file): is a folder with no .yaml or .yml sweep files`,
  ]);
});

test('a SweepFileError says how many problems and lists them', async (t) => {
  const dir = tempDirWith(t, { 'a.yaml': 'name: a\nfixed: {epochs: 0, batch_size: 0}\n' });
  const error = await t.throwsAsync(loadSweepFile(path.join(dir, 'a.yaml')), { instanceOf: SweepFileError });
  t.is(error?.code, 'SWEEP_FILE');
  t.true(error?.message.startsWith(`2 problems in ${path.join(dir, 'a.yaml')}:\n`));
});

test('the shipped experiments are valid sweeps', async (t) => {
  const loaded = await loadSweeps([path.join(PROJECT_ROOT, 'experiments')]);
  t.true(loaded.length >= 1);
  const quick = loaded.find((sweep) => sweep.sweep.name === 'quick');
  t.is(quick?.plan.jobs.length, 18);
  t.deepEqual(quick?.notices, []);
});
