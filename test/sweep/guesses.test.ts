import test from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkSweepText, formatDiagnostic, loadSweepFile } from '../../src/sweep/index.js';
import { nameFromFile } from '../../src/sweep/load.js';
import { describeJob } from '../helpers/sweeps.js';
import { tempDirWith } from '../helpers/temp-dir.js';

function planned(text: string, file = 'guess.yaml') {
  const check = checkSweepText(text, file);
  if (!check.ok) throw new Error(check.diagnostics.map(formatDiagnostic).join('\n'));
  return check.plan;
}

test('a sweep without name takes its file base name', async (t) => {
  const dir = tempDirWith(t, { 'lr-sweep.yaml': 'fixed: {epochs: 1}\n' });
  t.is((await loadSweepFile(path.join(dir, 'lr-sweep.yaml'))).plan.sweep, 'lr-sweep');
  t.is(nameFromFile('experiments/my first sweep.yml'), 'my-first-sweep');
});

test('a sweep without name whose file name leaves no safe folder name is told to give one', (t) => {
  const check = checkSweepText('fixed: {epochs: 1}\n', '___.yaml');
  t.false(check.ok);
  if (!check.ok) {
    t.deepEqual(check.diagnostics.map(formatDiagnostic), [
      '___.yaml:1:1: name: is required\n  hint: name: names the results folder, e.g. name: init-methods',
    ]);
  }
});

test('seeds: 3 is the count of seeds 1, 2, 3', (t) => {
  const plan = planned('name: s\nfixed: {epochs: 1}\nseeds: 3\n');
  t.deepEqual(plan.jobs.map((job) => job.settings.seed), [1, 2, 3]);
  t.deepEqual(planned('name: s\nfixed: {epochs: 1}\nseeds: [1, 2, 3]\n').jobs.map((j) => j.id), plan.jobs.map((j) => j.id));
});

test('a seed count that is not a whole number from 1 says what seeds may be', (t) => {
  const check = checkSweepText('name: s\nseeds: 0\n', 'zero.yaml');
  t.false(check.ok);
  if (!check.ok) t.deepEqual(check.diagnostics.map(formatDiagnostic), ['zero.yaml:2:8: seeds: must be at least 1 (got 0)']);
});

test('include and exclude nested in grid, as under a GitHub Actions matrix, plan as the top-level ones', (t) => {
  const nested = planned(`name: m
grid:
  init: [zeros, glorot]
  learning_rate: [0.1, 0.01]
  exclude:
    - {init: zeros, learning_rate: 0.01}
  include:
    - {init: glorot, learning_rate: 0.5}
`);
  const top = planned(`name: m
grid:
  init: [zeros, glorot]
  learning_rate: [0.1, 0.01]
exclude:
  - {init: zeros, learning_rate: 0.01}
include:
  - {init: glorot, learning_rate: 0.5}
`);
  const keys = ['init', 'learning_rate'] as const;
  t.deepEqual(nested.jobs.map((j) => describeJob(j, keys)), top.jobs.map((j) => describeJob(j, keys)));
  t.is(nested.jobs.length, 4);
});

test('a nested include entry with a problem is pointed at where it is written', (t) => {
  const check = checkSweepText('name: m\ngrid:\n  init: [zeros]\n  include:\n    - {init: glorot, lr: 0.5}\n', 'nested.yaml');
  t.false(check.ok);
  if (!check.ok) t.regex(formatDiagnostic(check.diagnostics[0]), /^nested.yaml:5:22: grid.include\[0\].lr: names no setting/);
});

test('a sweep file written into the folder of a sweep planned from another file gets a warning', async (t) => {
  const { otherSourceWarning } = await import('../../src/run/plan-source.js');
  const dir = tempDirWith(t, { 'a.yaml': 'name: shared\n', 'b.yaml': 'name: shared\n' });
  const results = path.join(dir, 'results', 'shared');
  const a = (await loadSweepFile(path.join(dir, 'a.yaml'))).plan;
  const b = (await loadSweepFile(path.join(dir, 'b.yaml'))).plan;
  t.is(otherSourceWarning(results, b), null, 'a new folder');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'plan.json'), JSON.stringify({ sweep: 'shared', source: a.source, jobs: a.jobs }));
  t.is(otherSourceWarning(results, a), null, 'the same file again');
  t.regex(otherSourceWarning(results, b)!, /holds the sweep "shared" planned from .*a\.yaml, and .*b\.yaml writes into it too/);
});
