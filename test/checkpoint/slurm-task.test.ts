import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freezeSweep } from '../../src/distributed/slurm/freeze.js';
import { runFrozenJob } from '../../src/distributed/slurm/run-job.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { mnist } from '../helpers/mnist.js';
import { computed, tempDir } from '../helpers/run.js';

test('a Slurm task stopped mid-job checkpoints under its frozen plan, and the requeued task continues from there', async (t) => {
  const file = path.join(tempDir(), 'one.yaml');
  writeFileSync(file, 'name: one\nfixed: {hidden_sizes: [24], batch_size: 50, epochs: 4, train_limit: 2000, kernels: wasm}\n');
  const { plan } = await loadSweepFile(file);
  const frozen = await freezeSweep({ plan, resultsDir: tempDir(), datasetDigest: mnist().digest, maxParallel: 1 });
  const planFile = frozen.planFile!;
  const checkpoint = checkpointFile(path.dirname(planFile), plan.jobs[0].id);

  // Slurm's SIGTERM, as the task's signal, once the first epoch's checkpoint is there
  const stop = new AbortController();
  const poll = setInterval(() => existsSync(checkpoint) && stop.abort(), 20);
  const first = await runFrozenJob(planFile, 0, mnist(), stop.signal);
  clearInterval(poll);
  t.is(first.record, null, 'a stopped task writes no record');
  t.true(existsSync(checkpoint), 'it leaves its checkpoint under the frozen plan');

  const again = await runFrozenJob(planFile, 0, mnist(), new AbortController().signal);
  t.not(again.record!.resumed_from ?? null, null, 'the requeued task resumed');
  t.deepEqual(computed(again.record!), computed(executeJob(plan.jobs[0], mnist())));
  t.false(existsSync(checkpoint), 'the checkpoint is deleted once the record is written');
});
