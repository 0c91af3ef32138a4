import test from 'ava';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executeJob } from '../../src/execute/execute-job.js';
import { TrainingInterrupted } from '../../src/errors.js';
import { handOn } from '../../src/journal/checkpoint/handoff.js';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import { latestById, readJournal } from '../../src/journal/read.js';
import type { JobRecord } from '../../src/journal/record.js';
import { resolveRunSettings } from '../../src/core/run-settings.js';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { PoolLauncher } from '../../src/launch/pool.js';
import { runPlans, type RunOptions } from '../../src/run/coordinator.js';
import { writeReport } from '../../src/report/report.js';
import type { RunEvent } from '../../src/run/events.js';
import { jobId } from '../../src/sweep/ids.js';
import type { Job, Plan } from '../../src/sweep/job.js';
import { ashaPlan, ashaSweep, decisionLines, recordLines } from '../helpers/asha.js';
import { FAST_SETS, fastSetTest } from '../helpers/fast-sets.js';
import { epochsSoFar } from '../helpers/long-jobs.js';
import { mnist } from '../helpers/mnist.js';
import { computed, spawnCli, tempDir } from '../helpers/run.js';

const RUNGS = [1, 3, 9];

async function run(plan: Plan, results: string, workers: number, options: Partial<RunOptions> = {}) {
  const events: RunEvent[] = [];
  const launcher = workers === 1 ? new InProcessLauncher(mnist()) : new PoolLauncher(mnist(), { workers });
  try {
    const summary = await runPlans([plan], launcher, { resultsDir: results, onEvent: (e) => events.push(e), ...options });
    return { summary, events, dir: path.join(results, plan.sweep) };
  } finally {
    await launcher.close();
  }
}

/** The trial's job trained to `epochs` (a rung run), as the scheduler makes it. */
function rungJob(job: Job, epochs: number): Job {
  const settings = { ...job.settings, epochs };
  return { ...job, id: jobId(job.kind, settings), settings };
}

/** The journal's rung runs that trained (not the records of stopped trials, which copy their rung's). */
function trainedRuns(dir: string): JobRecord[] {
  return [...latestById(readJournal(dir).records).values()].filter((r) => r.status !== 'stopped');
}

/** Epochs the records say their runs trained: from where each continued (or epoch 1) to its last. */
const epochsTrained = (records: readonly JobRecord[]) =>
  records.reduce((n, r) => n + (r.epochs.at(-1)?.epoch ?? 0) - ((r.continued_from?.epoch ?? 1) - 1), 0);

const warnings = (events: readonly RunEvent[]) => events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));

for (const set of FAST_SETS) {
  fastSetTest(test, set.name, `${set.name} rung continuation`)(
    `promoted trials continue from their rung's checkpoint and compute the bits of a run from epoch 0, with 1 and 2 workers (${set.name})`,
    async (t) => {
      const plan = ashaPlan(`asha-${set.name}`, set.name);
      const one = await run(plan, tempDir(), 1);
      const two = await run(plan, tempDir(), 2);
      t.deepEqual(warnings(one.events), []);
      t.deepEqual(decisionLines(two.dir), decisionLines(one.dir));
      t.deepEqual(recordLines(two.dir), recordLines(one.dir));

      const runs = trainedRuns(one.dir);
      const continued = runs.filter((r) => r.continued_from);
      t.is(continued.length, 3 + 1, 'every run of rungs 1 and 2 continued its previous rung');
      for (const record of continued) {
        const epochs = record.settings.epochs;
        const previous = RUNGS[RUNGS.indexOf(epochs) - 1];
        const trial = plan.jobs[record.index];
        t.deepEqual(record.continued_from, { job: rungJob(trial, previous).id, epoch: previous + 1 });
        t.deepEqual(record.resumed_from, { epoch: previous + 1, batch: 0 });
        t.deepEqual(computed(record), computed(executeJob(rungJob(trial, epochs), mnist())), `trial ${record.index} to ${epochs} epochs`);
      }
      // 6 trials × 1 epoch, 3 × 2 more, 1 × 6 more: 18, where retraining from epoch 0 took 6 + 9 + 9 = 24
      t.is(epochsTrained(runs), 18);
      t.is(one.events.filter((e) => e.type === 'job-epoch' && e.epoch > 0).length, 18);
      t.is(one.events.filter((e) => e.type === 'job-resume').length, 4);
      t.deepEqual(readdirSync(path.join(one.dir, 'checkpoints')), [], 'no rung checkpoint outlives its trial');
      t.deepEqual(readdirSync(path.join(two.dir, 'checkpoints')), []);
    },
  );
}

test('without rung checkpoints (checkpoint: false) promoted trials train from epoch 0, with one warning, to the same decisions and bits', async (t) => {
  const plan = ashaPlan('asha-plain');
  const continued = await run(plan, tempDir(), 1);
  const retrained = await run(plan, tempDir(), 1, { run: { checkpoint: false } });
  const said = warnings(retrained.events);
  t.is(said.length, 1, said.join('\n'));
  t.regex(said[0], /no checkpoint of trial \d+'s rung 0 \(1 epochs\) to continue, so its rung 1 trains from epoch 0 \(same results, 1 epochs more\)/);
  t.deepEqual(decisionLines(retrained.dir), decisionLines(continued.dir));
  t.deepEqual(recordLines(retrained.dir), recordLines(continued.dir));
  t.is(epochsTrained(trainedRuns(retrained.dir)), 24);
  t.true(trainedRuns(retrained.dir).every((r) => !r.continued_from));
  await writeReport(retrained.dir, { jobFigures: false });
  t.regex(readFileSync(path.join(retrained.dir, 'summary.md'), 'utf8'), /Epochs trained: 24 \(4 promoted runs had no checkpoint to continue and trained from epoch 0 again\), against 54/);
});

test('a corrupt or foreign rung checkpoint is ignored with a warning, and the rung trains from epoch 0 to the same bits', async (t) => {
  const plan = ashaPlan('asha-damaged');
  const dir = tempDir();
  const place = { sweepDir: dir, run: resolveRunSettings() };
  const [first, second] = plan.jobs;
  const fresh = computed(executeJob(rungJob(first, 3), mnist()));
  const endOf = (job: Job) => {
    executeJob(rungJob(job, 1), mnist(), { checkpoints: place });
    t.true(handOn(dir, rungJob(job, 1).id, rungJob(first, 3).id, true));
  };
  const next = () => {
    const said: string[] = [];
    const record = executeJob(rungJob(first, 3), mnist(), { checkpoints: place, onWarning: (m) => said.push(m) });
    return { record, said };
  };

  endOf(first);
  const good = next();
  t.deepEqual(good.said, []);
  t.deepEqual(good.record.continued_from, { job: rungJob(first, 1).id, epoch: 2 });
  t.deepEqual(computed(good.record), fresh);

  endOf(second); // another trial's end state under this trial's name
  const foreign = next();
  t.is(foreign.said.length, 1);
  t.regex(foreign.said[0], new RegExp(`it belongs to job ${rungJob(second, 1).id}, not ${rungJob(first, 3).id} nor the same settings trained to 1 epochs \\(${rungJob(first, 1).id}\\); ignored, the job starts from epoch 0`));
  t.is(foreign.record.continued_from, undefined);
  t.deepEqual(computed(foreign.record), fresh);

  endOf(first);
  const file = checkpointFile(dir, rungJob(first, 3).id);
  const bytes = readFileSync(file);
  bytes[bytes.length - 5] ^= 0x10;
  writeFileSync(file, bytes);
  const corrupt = next();
  t.is(corrupt.said.length, 1);
  t.regex(corrupt.said[0], /does not match its sha256 \(the file is corrupt\); ignored, the job starts from epoch 0/);
  t.deepEqual(computed(corrupt.record), fresh);
});

test('a rung run stopped after it continued its rung keeps saying so when it resumes from its own checkpoint', (t) => {
  const plan = ashaPlan('asha-lineage');
  const dir = tempDir();
  const place = { sweepDir: dir, run: resolveRunSettings() };
  const [trial] = plan.jobs;
  executeJob(rungJob(trial, 1), mnist(), { checkpoints: place });
  handOn(dir, rungJob(trial, 1).id, rungJob(trial, 3).id, true);
  // ten batches an epoch: the 16th check is epoch 3, batch 5
  let checks = 0;
  t.throws(() => executeJob(rungJob(trial, 3), mnist(), { checkpoints: place, shouldStop: () => checks++ === 15 }), { instanceOf: TrainingInterrupted });
  const record = executeJob(rungJob(trial, 3), mnist(), { checkpoints: place });
  t.deepEqual(record.resumed_from, { epoch: 3, batch: 5 });
  t.deepEqual(record.continued_from, { job: rungJob(trial, 1).id, epoch: 2 });
  t.deepEqual(computed(record), computed(executeJob(rungJob(trial, 3), mnist())));
});

test("a rung journaled by a run killed before it handed its checkpoint on continues from it on resume", async (t) => {
  const plan = ashaPlan('asha-repair');
  const whole = await run(plan, tempDir(), 1);
  // the journal of a run killed just after every rung-0 run: records journaled, no decision yet
  const cut = tempDir();
  const dir = path.join(cut, plan.sweep);
  cpSync(whole.dir, dir, { recursive: true });
  const rung0 = readJournal(whole.dir).records.filter((r) => r.settings.epochs === 1 && r.status === 'ok');
  writeFileSync(path.join(dir, 'journal.jsonl'), rung0.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'decisions.jsonl'), '');
  const promoted = trainedRuns(whole.dir).filter((r) => r.settings.epochs === 3).map((r) => r.index);
  const trial = plan.jobs[promoted[0]];
  // the end state of its rung 0, still under the rung run's own name
  executeJob(rungJob(trial, 1), mnist(), { checkpoints: { sweepDir: dir, run: resolveRunSettings() } });
  t.true(existsSync(checkpointFile(dir, rungJob(trial, 1).id)));

  const resumed = await run(plan, cut, 2);
  t.deepEqual(decisionLines(dir), decisionLines(whole.dir));
  t.deepEqual(recordLines(dir), recordLines(whole.dir));
  const rung1 = latestById(readJournal(dir).records).get(rungJob(trial, 3).id)!;
  t.deepEqual(rung1.continued_from, { job: rungJob(trial, 1).id, epoch: 2 });
  // the other promoted trials had no checkpoint: one warning for them all
  t.is(warnings(resumed.events).filter((m) => m.includes('no checkpoint of trial')).length, 1);
  t.deepEqual(readdirSync(path.join(dir, 'checkpoints')), []);
});

test('kill -9 at a random moment, then resume: the same decisions and bits as an uninterrupted search', async (t) => {
  const plan = ashaPlan('asha-kill');
  const whole = await run(plan, tempDir(), 1);
  const dir = tempDir();
  const file = path.join(dir, 'asha-kill.yaml');
  writeFileSync(file, ashaSweep('asha-kill', undefined, 'checkpoint_every_s: 0.05\n'));
  const results = path.join(dir, 'results');
  const args = ['run', file, '--results', results, '--workers', '2', '--json', '--no-report'];
  const after = 3 + Math.floor(Math.random() * 8);
  const delay = Math.floor(Math.random() * 200);
  let timer: NodeJS.Timeout | undefined;
  const killed = await spawnCli(args, (out, child) => {
    if (timer === undefined && epochsSoFar(out) >= after) timer = setTimeout(() => child.kill('SIGKILL'), delay);
  });
  clearTimeout(timer);
  const last = await spawnCli(args);
  t.is(last.code, 0, last.stderr);
  t.log(`killed: ${killed.signal ?? 'no (finished first)'} after ${after} epochs + ${delay} ms`);
  const sweepDir = path.join(results, 'asha-kill');
  t.deepEqual(decisionLines(sweepDir), decisionLines(whole.dir));
  t.deepEqual(recordLines(sweepDir), recordLines(whole.dir));
  t.deepEqual(readdirSync(path.join(sweepDir, 'checkpoints')), []);
});
