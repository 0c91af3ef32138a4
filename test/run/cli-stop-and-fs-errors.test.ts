/** `run` under signals for its whole life, and file-system failures as one line, never a stack trace. */
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnCli, tempDir } from '../helpers/run.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const SWEEP = path.join(PROJECT_ROOT, 'test', 'fixtures', 'runs', 'six-jobs.yaml');
const noStack = (stderr: string) => !/\n\s+at /.test(stderr);

test('SIGHUP stops the run as Ctrl-C does: exit 130, every finished job kept, no lock left', async (t) => {
  const results = tempDir();
  let sent = false;
  const run = await spawnCli(['run', SWEEP, '--results', results, '--workers', '1'], (out, child) => {
    if (!sent && out.includes('✓')) {
      sent = true;
      child.kill('SIGHUP');
    }
  });
  t.is(run.code, 130, run.stderr);
  t.false(existsSync(path.join(results, 'six-jobs', '.lock')));
});

test('two signals after the run loop (while the report is written) quit at once with the quit line and exit 130', async (t) => {
  const results = tempDir();
  let sent = false;
  // the summary line comes when every job is done; the final report (six job figures) is drawn after it
  const run = await spawnCli(['run', SWEEP, '--results', results, '--workers', '2'], (out, child) => {
    if (!sent && out.includes('skipped (already done)')) {
      sent = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGTERM'), 20);
    }
  });
  t.is(run.code, 130, run.stderr);
  t.regex(run.stderr, /quit at once; resume with: mlp-sweep run /);
  t.false(existsSync(path.join(results, 'six-jobs', '.lock')), 'the lock is released on the way out');
});

test('a results path that is a file gives one line naming it, exit 1', async (t) => {
  const file = path.join(tempDir(), 'results');
  writeFileSync(file, '');
  const run = await spawnCli(['run', SWEEP, '--results', file]);
  t.is(run.code, 1);
  t.true(noStack(run.stderr), run.stderr);
  t.regex(run.stderr, new RegExp(`^mlp-sweep: ${file}/six-jobs: a part of the path is a file, not a folder \\(ENOTDIR\\)$`, 'm'));
});

test('a .lock that is a directory gives one line naming it, exit 1', async (t) => {
  const results = tempDir();
  mkdirSync(path.join(results, 'six-jobs', '.lock'), { recursive: true });
  const run = await spawnCli(['run', SWEEP, '--results', results]);
  t.is(run.code, 1);
  t.true(noStack(run.stderr), run.stderr);
  t.regex(run.stderr, /six-jobs\/\.lock: is a directory, not a lock file/);
});

test('a journal that is a directory gives one line in run and in plan, exit 1', async (t) => {
  const results = tempDir();
  mkdirSync(path.join(results, 'six-jobs', 'journal.jsonl'), { recursive: true });
  for (const command of ['run', 'plan']) {
    const out = await spawnCli([command, SWEEP, '--results', results]);
    t.is(out.code, 1, `${command}: ${out.stderr}`);
    t.true(noStack(out.stderr), out.stderr);
    t.regex(out.stderr, /six-jobs\/journal\.jsonl:? is a directory/, command);
  }
});

test('run exits 1 when the report could not be written, and says so', async (t) => {
  const results = tempDir();
  const dir = path.join(results, 'six-jobs');
  mkdirSync(dir, { recursive: true });
  const elsewhere = tempDir();
  symlinkSync(elsewhere, path.join(dir, 'figures')); // refused: the report writes only inside the folder
  const run = await spawnCli(['run', SWEEP, '--results', results, '--workers', '2']);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stderr, /the report of .*six-jobs was not written: .*figures: is a symbolic link/);
  t.deepEqual(readdirSync(elsewhere), []);
});
