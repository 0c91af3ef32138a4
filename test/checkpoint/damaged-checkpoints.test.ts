import test from 'ava';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import { type Checkpoint, encodeCheckpoint } from '../../src/journal/checkpoint/record.js';
import type { TrainingSnapshot } from '../../src/core/training-state.js';
import { train } from '../../src/core/train.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { readJournal } from '../../src/journal/read.js';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { runPlans } from '../../src/run/coordinator.js';
import type { RunEvent } from '../../src/run/events.js';
import { executeJob } from '../../src/execute/execute-job.js';
import { mnist } from '../helpers/mnist.js';
import { computed, tempDir, tinyPlan } from '../helpers/run.js';

const plan = () => tinyPlan('damaged', [1], [0.1]);
const job = () => plan().jobs[0];

/** The job's real checkpoint after its first epoch, as bytes, with `over` changed. */
function checkpointBytes(over: Partial<Checkpoint> = {}): Buffer {
  let first: Buffer | undefined;
  train(job().settings, mnist(), {
    checkpoint: {
      due: () => false,
      write: (s: TrainingSnapshot) => {
        first ??= encodeCheckpoint({ ...s, job_id: job().id, code_version: TRAINING_CODE_VERSION, dataset_digest: mnist().digest, ...over });
      },
    },
  });
  return first!;
}

async function runWith(t: import('ava').ExecutionContext, bytes: Buffer) {
  const results = tempDir();
  const dir = path.join(results, 'damaged');
  const file = checkpointFile(dir, job().id);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  const events: RunEvent[] = [];
  const summary = await runPlans([plan()], new InProcessLauncher(mnist()), { resultsDir: results, onEvent: (e) => events.push(e) });
  t.is(summary.ok, 1);
  const [record] = readJournal(dir).records;
  t.deepEqual(computed(record), computed(executeJob(job(), mnist())), 'the job ran from the start to the same result');
  t.false(existsSync(file), 'the checkpoint is gone once the record is journaled');
  return { record, events, file };
}

test('a whole checkpoint of the job is resumed, and the record says from where', async (t) => {
  const { record, events } = await runWith(t, checkpointBytes());
  t.deepEqual(record.resumed_from, { epoch: 2, batch: 0 });
  t.like(events.find((e) => e.type === 'job-resume'), { epoch: 2, batch: 0, epochs: 2 });
  t.is(events.filter((e) => e.type === 'warning').length, 0);
});

const damaged: [string, () => Buffer, RegExp][] = [
  [
    'a corrupt checkpoint',
    () => {
      const bytes = checkpointBytes();
      bytes[bytes.length - 100] ^= 0x01;
      return bytes;
    },
    /does not match its sha256 \(the file is corrupt\)/,
  ],
  ['a truncated checkpoint', () => checkpointBytes().subarray(0, 5000), /but the tensors cover/],
  ['a foreign checkpoint (another job)', () => checkpointBytes({ job_id: '0123456789ab' }), /it belongs to job 0123456789ab, not /],
  ['a stale-version checkpoint', () => checkpointBytes({ code_version: TRAINING_CODE_VERSION - 1 }), /written by training-code version \d+ and this is version \d+/],
  ['a zero-length checkpoint', () => Buffer.alloc(0), /is empty \(0 bytes\)/],
];
for (const [what, bytes, why] of damaged) {
  test(`${what} restarts the job from epoch 0 with a warning`, async (t) => {
    const { record, events, file } = await runWith(t, bytes());
    t.is(record.resumed_from, null);
    const warnings = events.filter((e): e is Extract<RunEvent, { type: 'warning' }> => e.type === 'warning').map((e) => e.message);
    t.is(warnings.length, 1, warnings.join('\n'));
    t.true(warnings[0].startsWith(`${file}: `));
    t.regex(warnings[0], why);
    t.regex(warnings[0], /ignored, the job starts from epoch 0$/);
    t.false(events.some((e) => e.type === 'job-resume'));
  });
}

test('with checkpoints off a run writes none', async (t) => {
  const results = tempDir();
  const dir = path.join(results, 'damaged');
  await runPlans([plan()], new InProcessLauncher(mnist()), {
    resultsDir: results,
    run: { checkpoint: false },
  });
  t.is(readJournal(dir).records.length, 1);
  // a checkpoint write creates the folder, and only a write does
  t.false(existsSync(path.join(dir, 'checkpoints')));
});
