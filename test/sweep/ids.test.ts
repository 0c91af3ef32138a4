import test from 'ava';
import { resolveSettings } from '../../src/core/settings.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { canonicalJob, jobId, JOB_ID_LENGTH } from '../../src/sweep/ids.js';
import { planOf } from '../helpers/sweeps.js';

function idsByPoint(yaml: string): Map<string, string> {
  return new Map(planOf(yaml).jobs.map((job) => [JSON.stringify([job.settings.init, job.settings.learning_rate, job.settings.seed]), job.id]));
}

test('adding a grid value keeps the ids of the jobs already there', (t) => {
  const before = idsByPoint('name: a\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1]\nseeds: [1, 2]');
  const after = idsByPoint('name: a\ngrid:\n  init: [zeros, normal, glorot]\n  learning_rate: [0.1, 0.01]\nseeds: [1, 2]');
  t.is(before.size, 4);
  for (const [point, id] of before) t.is(after.get(point), id, point);
});

test('an id depends on neither the sweep name, the run name, the order of keys nor how a number is written', (t) => {
  const ids = [
    planOf('name: one\nfixed: {learning_rate: 0.1, epochs: 3}').jobs[0].id,
    planOf('name: two\nfixed: {epochs: 3, learning_rate: 1e-1}').jobs[0].id,
    planOf('name: three\nruns:\n  study: {epochs: 3, learning_rate: 0.10}').jobs[0].id,
    planOf('name: four\ngrid:\n  epochs: [3]\nseeds: [1]').jobs[0].id,
  ];
  t.is(new Set(ids).size, 1);
});

test('every setting that can change a result changes the id', (t) => {
  const base = resolveSettings({});
  const changed = [
    { seed: 2 },
    { precision: 'float64' as const },
    { init: 'normal' as const },
    { learning_rate: 0.01 },
    { batch_size: 100 },
    { epochs: 3 },
    { hidden_sizes: [512] },
    { kernels: 'reference' as const },
    { train_limit: 1000 },
  ];
  const ids = new Set([jobId('train', base), ...changed.map((change) => jobId('train', resolveSettings(change)))]);
  t.is(ids.size, changed.length + 1);
});

test('an id is a short hex hash of the canonical settings and the training-code version', (t) => {
  const settings = resolveSettings({});
  t.regex(jobId('train', settings), new RegExp(`^[0-9a-f]{${JOB_ID_LENGTH}}$`));
  const canonical = canonicalJob('train', settings);
  t.true(canonical.startsWith('{"kind":"train","settings":{"activation":"relu","batch_size":200,'));
  t.true(canonical.endsWith(`"training_code_version":${TRAINING_CODE_VERSION}}`));
});
