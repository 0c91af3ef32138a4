import test from 'ava';
import { checkpointBytes, formatBytes, modelBytes, parameterCount, sweepDisk } from '../../src/journal/checkpoint/disk.js';
import { encodeCheckpoint } from '../../src/journal/checkpoint/record.js';
import { resolveSettings } from '../../src/core/settings.js';

test("the study's network has 937,482 parameters: 3.75 MB of float32", (t) => {
  const study = resolveSettings({ hidden_sizes: [512, 1024] });
  t.is(parameterCount(study), 937_482);
  t.is(formatBytes(parameterCount(study) * 4), '3.75 MB');
  t.deepEqual([formatBytes(512), formatBytes(120_400), formatBytes(1_204_000_000)], ['512 B', '120 kB', '1.20 GB']);
  t.true(modelBytes(study) > 3_749_928 && modelBytes(study) < 3_760_000);
});

test('the estimate of a checkpoint is an upper bound close to the real file', (t) => {
  const settings = resolveSettings({ hidden_sizes: [20], train_limit: 300, epochs: 3 });
  const sizes = [784, 20, 10];
  const real = encodeCheckpoint({
    job_id: 'abcdefabcdef',
    code_version: 1,
    dataset_digest: 'd'.repeat(64),
    state: {
      position: { epoch: 4, batch: 0 },
      partial: { loss_sum: 0, correct: 0, seen: 0, seconds: 0 },
      epochs: [0, 1, 2, 3].map((epoch) => ({
        epoch,
        train_loss: epoch === 0 ? null : 0.123456789012345,
        train_accuracy: epoch === 0 ? null : 0.912345678901234,
        validation_loss: 0.234567890123456,
        validation_accuracy: 0.901234567890123,
        train_seconds: 12.345678901234,
      })),
      streams: { shuffle: { generator: [-123456789, 987654321, -1, 2147483647], spare_normal: -0.123456789012345 } },
      train_seconds: 37.0370367037,
      trained_examples: 900,
    },
    order: Int32Array.from({ length: 300 }, (_, i) => i),
    parameters: sizes.slice(1).flatMap((n, i) => [
      { name: `W${i + 1}`, shape: [sizes[i], n], values: new Float32Array(sizes[i] * n) },
      { name: `b${i + 1}`, shape: [n], values: new Float32Array(n) },
    ]),
  }).length;
  const estimate = checkpointBytes(settings);
  t.true(estimate >= real && estimate < real + 4096, `estimate ${estimate}, real ${real}`);
});

test('a sweep needs one checkpoint per worker (twice, for a write) and every model only when it keeps them', (t) => {
  const jobs = [[10], [100], [50]].map((h) => ({ settings: resolveSettings({ hidden_sizes: h }) }));
  const two = sweepDisk(jobs, 2, false);
  t.is(two.checkpoints, 2 * (checkpointBytes(jobs[1].settings) + checkpointBytes(jobs[2].settings)));
  t.is(two.models, 0);
  t.is(sweepDisk(jobs, 2, true).models, jobs.reduce((n, j) => n + modelBytes(j.settings), 0));
});
