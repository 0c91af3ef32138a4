import test from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readJournal } from '../../src/journal/read.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { computed, spawnCli, tempDir } from '../helpers/run.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const SWEEP = path.join(PROJECT_ROOT, 'test', 'fixtures', 'runs', 'six-jobs.yaml');

/** What an uninterrupted run computes, job by job, in plan order. */
async function expected() {
  const { plan } = await loadSweepFile(SWEEP);
  return plan.jobs.map((job) => computed(executeJob(job, mnist())));
}

function journalOf(results: string) {
  return readJournal(path.join(results, 'six-jobs'));
}

/** Runs the sweep and sends `signal` once the first job has finished. */
function runAndSignal(results: string, signal: NodeJS.Signals) {
  let sent = false;
  return spawnCli(['run', SWEEP, '--results', results, '--workers', '2'], (out, child) => {
    if (!sent && out.includes('✓')) {
      sent = true;
      child.kill(signal);
    }
  });
}

async function assertCompleteAndIdentical(t: import('ava').ExecutionContext, results: string) {
  const rerun = await spawnCli(['run', SWEEP, '--results', results, '--workers', '2']);
  t.is(rerun.code, 0, rerun.stderr);
  const { records } = journalOf(results);
  const ids = records.map((r) => r.id);
  t.is(new Set(ids).size, ids.length, 'no job ran twice');
  const byId = new Map(records.map((r) => [r.id, computed(r)]));
  const reference = await expected();
  t.is(byId.size, reference.length);
  for (const want of reference) t.deepEqual(byId.get(want.id), want);
}

test('Ctrl-C stops the run, keeps every finished job, says how to resume and exits 130', async (t) => {
  const results = tempDir();
  const first = await runAndSignal(results, 'SIGINT');
  t.is(first.code, 130, first.stderr);
  t.regex(first.stdout, /resume with: mlp-sweep run .*six-jobs\.yaml --results /);
  const kept = journalOf(results).records.length;
  t.true(kept >= 1 && kept < 6, `${kept} records after the interrupt`);
  await assertCompleteAndIdentical(t, results);
});

test('SIGKILL mid-sweep loses nothing finished: the rerun completes every job exactly once', async (t) => {
  const results = tempDir();
  const first = await runAndSignal(results, 'SIGKILL');
  t.is(first.signal, 'SIGKILL');
  t.true(journalOf(results).records.length >= 1);
  await assertCompleteAndIdentical(t, results);
});

test('a second run on a folder that a live run holds is refused', async (t) => {
  // the first run holds its folder until the second has been answered (then Ctrl-C ends it): however
  // fast or slow either starts, the second meets a live holder
  const results = tempDir();
  const held = path.join(results, 'held.yaml');
  writeFileSync(held, 'name: held\nfixed: {hidden_sizes: [16], epochs: 500, batch_size: 100, train_limit: 1000}\nseeds: [1]\n');
  let second: Promise<import('../helpers/run.js').CliResult> | undefined;
  const first = spawnCli(['run', held, '--results', results, '--workers', '1'], (out, child) => {
    if (!second && out.includes('started')) second = spawnCli(['run', held, '--results', results]).finally(() => child.kill('SIGINT'));
  });
  await first;
  const refused = await second!;
  t.is(refused.code, 1);
  t.regex(refused.stderr, /held is in use by a live run \(pid \d+ on /);
});

test('an invalid sweep file exits 1 with its problems before anything runs', async (t) => {
  const results = tempDir();
  const bad = path.join(PROJECT_ROOT, 'test', 'fixtures', 'sweeps', 'batch-size-zero.yaml');
  const run = await spawnCli(['run', bad, '--results', results]);
  t.is(run.code, 1);
  t.regex(run.stderr, /batch-size-zero\.yaml:\d+:\d+: /);
  t.regex(run.stderr, /nothing was run/);
});

test('an unknown option is a usage error, exit 2', async (t) => {
  const run = await spawnCli(['run', SWEEP, '--wrkers', '2']);
  t.is(run.code, 2);
});
