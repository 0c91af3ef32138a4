import test from 'ava';
import path from 'node:path';
import { readJournal } from '../../src/journal/read.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { LONG_JOB_EPOCHS, epochsSoFar, eventsOf, writeLongJobsSweep } from '../helpers/long-jobs.js';
import { type CliResult, computed, spawnCli, tempDir } from '../helpers/run.js';

const EPOCHS = LONG_JOB_EPOCHS;

/**
 * Kills the run with SIGKILL at a random moment inside its jobs, `kills` times, then lets
 * it finish; every job must end once, bit-identical to an uninterrupted run, having trained at most
 * one epoch more per kill than it needs.
 */
async function killAndResume(t: import('ava').ExecutionContext, workers: number, kills: number) {
  const dir = tempDir();
  // a checkpoint every 50 ms too, so that kills also resume inside epochs
  const sweep = writeLongJobsSweep(dir, 'checkpoint_every_s: 0.05\n');
  const results = path.join(dir, 'results');
  const args = ['run', sweep, '--results', results, '--workers', String(workers), '--json', '--no-report'];
  const runs: CliResult[] = [];
  let killed = 0;
  for (let round = 0; round < kills; round++) {
    // a random moment inside the jobs: after 1 or 2 epochs of this attempt, then up to 0.4 s more
    const after = 1 + Math.floor(Math.random() * 2);
    const delay = Math.floor(Math.random() * 400);
    let timer: NodeJS.Timeout | undefined;
    const run = await spawnCli(args, (out, child) => {
      if (timer === undefined && epochsSoFar(out) >= after) timer = setTimeout(() => child.kill('SIGKILL'), delay);
    });
    clearTimeout(timer);
    runs.push(run);
    if (run.signal === 'SIGKILL') killed++;
    else break; // finished before the kill
  }
  const last = await spawnCli(args);
  t.is(last.code, 0, last.stderr);
  runs.push(last);

  const { plan } = await loadSweepFile(sweep);
  const { records } = readJournal(path.join(results, 'long-jobs'));
  const ids = records.map((r) => r.id);
  t.is(new Set(ids).size, ids.length, 'no job was journaled twice');
  t.deepEqual([...ids].sort(), plan.jobs.map((j) => j.id).sort(), 'every job was journaled');
  for (const job of plan.jobs) {
    t.deepEqual(computed(records.find((r) => r.id === job.id)!), computed(executeJob(job, mnist())), `${job.settings.kernels} job`);
  }

  const events = runs.flatMap(eventsOf);
  const trained = events.filter((e) => e.type === 'job-epoch' && e.epoch > 0).length;
  const resumes = events.filter((e) => e.type === 'job-resume');
  t.log(`${killed} kills, ${resumes.length} resumes (${resumes.map((e) => `${e.epoch}.${e.batch}`).join(', ')}), ${trained} epochs trained for ${plan.jobs.length * EPOCHS}`);
  t.true(trained <= plan.jobs.length * EPOCHS + killed, `${trained} epochs trained`);
}

test('kill -9 at random moments, 2 workers: every job ends once, bit-identical, at most one epoch lost per kill', async (t) => {
  await killAndResume(t, 2, 2);
});

test('kill -9 at random moments, 1 worker: every job ends once, bit-identical, at most one epoch lost per kill', async (t) => {
  await killAndResume(t, 1, 2);
});
