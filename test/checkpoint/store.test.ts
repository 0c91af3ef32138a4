import test from 'ava';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { type Checkpoint, encodeCheckpoint } from '../../src/journal/checkpoint/record.js';
import { type CheckpointExpectation, loadCheckpoint, saveCheckpoint } from '../../src/journal/checkpoint/store.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const JOB = 'a1b2c3d4e5f6';
const DIGEST = 'd'.repeat(64);

/** A checkpoint of a 4-3-2 network on 10 examples, batch 4, stopped inside epoch 2 after 2 batches. */
function sample(): Checkpoint {
  const shuffle = new Rng(3, 'shuffle');
  const order = Int32Array.from({ length: 10 }, (_, i) => i);
  shuffle.shuffle(order);
  return {
    job_id: JOB,
    code_version: 1,
    dataset_digest: DIGEST,
    state: {
      position: { epoch: 2, batch: 2 },
      partial: { loss_sum: 5.123456789012345, correct: 3, seen: 8, seconds: 0.25 },
      epochs: [
        { epoch: 0, train_loss: null, train_accuracy: null, validation_loss: 2.302585092994046, validation_accuracy: 0.1, train_seconds: 0 },
        { epoch: 1, train_loss: 1.9, train_accuracy: 0.3, validation_loss: 1.7000000000000002, validation_accuracy: 0.4, train_seconds: 0.5 },
      ],
      streams: { shuffle: shuffle.state() },
      train_seconds: 0.5,
      trained_examples: 10,
    },
    order,
    parameters: [
      { name: 'W1', shape: [4, 3], values: Float32Array.from({ length: 12 }, (_, i) => Math.fround(i / 7 - 0.5)) },
      { name: 'b1', shape: [3], values: Float32Array.from([0.1, -0.2, 0.3]) },
      { name: 'W2', shape: [3, 2], values: Float32Array.from({ length: 6 }, (_, i) => -i / 3) },
      { name: 'b2', shape: [2], values: Float32Array.from([0, 1e-30]) },
    ],
  };
}

const expectation = (over: Partial<CheckpointExpectation> = {}): CheckpointExpectation => ({
  jobId: JOB,
  codeVersion: 1,
  datasetDigest: DIGEST,
  tensors: sample().parameters.map(({ name, shape }) => ({ name, shape })),
  dtype: 'F32',
  trainCount: 10,
  batchSize: 4,
  epochs: 5,
  ...over,
});

test('a saved checkpoint loads back with every parameter bit, the order, the streams and the metrics', (t) => {
  const dir = tempDirWith(t, {});
  const file = path.join(dir, 'checkpoints', `${JOB}.safetensors`);
  saveCheckpoint(file, sample());
  const load = loadCheckpoint(file, expectation());
  t.is(load.warning, null);
  const back = load.checkpoint!;
  const want = sample();
  t.deepEqual(back.state, want.state);
  t.deepEqual(back.order, want.order);
  for (const p of want.parameters) t.deepEqual(back.parameters.find((q) => q.name === p.name)!.values, p.values, p.name);
  t.deepEqual(readdirSync(path.dirname(file)), [`${JOB}.safetensors`], 'no temporary file is left behind');
});

test('no file is no checkpoint and no warning', (t) => {
  const dir = tempDirWith(t, {});
  t.deepEqual(loadCheckpoint(path.join(dir, 'none.safetensors'), expectation()), { checkpoint: null, warning: null });
});

/** Each bad file, and the words its warning must contain. */
const bad: [string, (good: Buffer) => Buffer, Partial<CheckpointExpectation>, RegExp][] = [
  ['a zero-length file', () => Buffer.alloc(0), {}, /is empty \(0 bytes\)/],
  ['a truncated file', (good) => good.subarray(0, good.length - 10), {}, /the data part has \d+ bytes but the tensors cover \d+/],
  ['a torn header', (good) => good.subarray(0, 100), {}, /header length \d+ does not fit the file \(100 bytes\)/],
  [
    'a corrupt file (one parameter byte flipped)',
    (good) => {
      const copy = Buffer.from(good);
      copy[copy.length - 3] ^= 0x10;
      return copy;
    },
    {},
    /does not match its sha256 \(the file is corrupt\)/,
  ],
  ['a foreign checkpoint (another job)', (good) => good, { jobId: 'ffffffffffff' }, /it belongs to job a1b2c3d4e5f6, not ffffffffffff/],
  ['a stale checkpoint (other training code)', (good) => good, { codeVersion: 2 }, /written by training-code version 1 and this is version 2/],
  ['a checkpoint of other data', (good) => good, { datasetDigest: 'e'.repeat(64) }, /dataset with digest dddddddddddd…, not eeeeeeeeeeee…/],
  ['a checkpoint of another shape', (good) => good, { tensors: [{ name: 'W1', shape: [4, 5] }, ...expectation().tensors.slice(1)] }, /its W1 is \[4, 3\], the model's \[4, 5\]/],
  ['a checkpoint of another precision', (good) => good, { dtype: 'F64' }, /its W1 is F32, the model's F64/],
  ['a checkpoint past the job', (good) => good, { epochs: 1 }, /stands at epoch 2 of a job of 1 epochs/],
  ['a checkpoint of a longer epoch', (good) => good, { trainCount: 12 }, /example order is not a permutation of the 12 training examples/],
];
for (const [what, spoil, over, why] of bad) {
  test(`${what} is ignored with a warning that says why`, (t) => {
    const dir = tempDirWith(t, {});
    const file = path.join(dir, `${JOB}.safetensors`);
    writeFileSync(file, spoil(encodeCheckpoint(sample())));
    const load = loadCheckpoint(file, expectation(over));
    t.is(load.checkpoint, null);
    t.true(load.warning!.startsWith(`${file}: `), load.warning!);
    t.regex(load.warning!, why);
    t.regex(load.warning!, /; ignored, the job starts from epoch 0$/);
  });
}

test('a state with a number JSON cannot hold is refused when writing, not stored as null', (t) => {
  const c = sample();
  c.state.partial.loss_sum = Number.POSITIVE_INFINITY;
  t.throws(() => encodeCheckpoint(c), { message: /state\.loss_sum is Infinity/ });
});

test('the checkpoint is a safetensors file whose weights read without our code', (t) => {
  const bytes = encodeCheckpoint(sample());
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
  const w1 = header.W1;
  t.deepEqual([w1.dtype, w1.shape], ['F32', [4, 3]]);
  const start = 8 + headerLength + w1.data_offsets[0];
  t.is(bytes.readFloatLE(start + 4 * 5), Math.fround(5 / 7 - 0.5));
  t.is((header.__metadata__ as unknown as Record<string, string>).format, 'mlp-sweep-checkpoint/1');
});
