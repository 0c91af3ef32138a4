import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readJournal } from '../../src/journal/read.js';
import type { RunEvent } from '../../src/run/events.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { epochsSoFar, eventsOf, writeLongJobsSweep } from '../helpers/long-jobs.js';
import { mnist } from '../helpers/mnist.js';
import { computed, spawnCli, tempDir } from '../helpers/run.js';

test('Ctrl-C once stops running jobs at a batch boundary with a checkpoint, and the next run continues them', async (t) => {
  const dir = tempDir();
  const sweep = writeLongJobsSweep(dir);
  const results = path.join(dir, 'results');
  const args = ['run', sweep, '--results', results, '--workers', '2', '--json', '--no-report'];
  let sent = false;
  const first = await spawnCli(args, (out, child) => {
    if (!sent && epochsSoFar(out) >= 1) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  t.is(first.code, 130, first.stderr);
  const sweepDir = path.join(results, 'long-jobs');
  const finished = readJournal(sweepDir).records.length;
  const checkpoints = existsSync(path.join(sweepDir, 'checkpoints')) ? readdirSync(path.join(sweepDir, 'checkpoints')) : [];
  t.log(`after Ctrl-C: ${finished} jobs journaled, checkpoints ${checkpoints.join(', ')}`);
  t.true(checkpoints.length >= 1, 'a stopped job left its checkpoint');
  t.true(checkpoints.every((name) => name.endsWith('.safetensors')), 'no temporary file is left');

  const second = await spawnCli(args);
  t.is(second.code, 0, second.stderr);
  const resumes = eventsOf(second).filter((e): e is Extract<RunEvent, { type: 'job-resume' }> => e.type === 'job-resume');
  t.is(resumes.length, checkpoints.length, 'every checkpointed job resumed');
  t.log(`resumed at ${resumes.map((e) => `epoch ${e.epoch} batch ${e.batch}`).join(', ')}`);

  const { plan } = await loadSweepFile(sweep);
  const { records } = readJournal(sweepDir);
  t.is(records.length, plan.jobs.length);
  for (const job of plan.jobs) {
    const record = records.find((r) => r.id === job.id)!;
    t.deepEqual(computed(record), computed(executeJob(job, mnist())));
  }
  t.deepEqual(readdirSync(path.join(sweepDir, 'checkpoints')), [], 'every checkpoint deleted once journaled');
});
