import anyTest from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel, encodeModel } from '../../src/checkpoint/model-file.js';
import type { Mlp } from '../../src/core/model.js';
import { train } from '../../src/core/train.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { resolveSettings } from '../../src/core/settings.js';
import { mnist } from '../helpers/mnist.js';
import { PYTHON, numpyTest } from '../helpers/numpy.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const test = numpyTest(anyTest, 'kept-model numpy');
const FORWARD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/forward.py');

test("a kept model's float32 forward pass in numpy gives the run's validation accuracy", (t) => {
  const data = mnist();
  const settings = resolveSettings({ hidden_sizes: [48, 24], epochs: 2, train_limit: 3000, seed: 5, kernels: 'wasm' });
  let trained: Mlp | undefined;
  const outcome = train(settings, data, { onTrained: (model) => (trained = model) });
  const validation = outcome.epochs[outcome.epochs.length - 1].validation_accuracy;
  const bytes = encodeModel({
    job_id: 'abcdefabcdef',
    code_version: TRAINING_CODE_VERSION,
    settings,
    sizes: [...trained!.sizes],
    parameters: trained!.tensors().map(({ name, shape, values }) => ({ name, shape, values: values.slice() })),
    validation_accuracy: validation,
    test_accuracy: outcome.test!.accuracy,
  });
  const dir = tempDirWith(t, {});
  const file = path.join(dir, 'model.safetensors');
  writeFileSync(file, bytes);
  writeFileSync(path.join(dir, 'images.u8'), data.validation.images);
  writeFileSync(path.join(dir, 'labels.u8'), data.validation.labels);
  t.is(decodeModel(readFileSync(file), file).validation_accuracy, validation, 'the accuracy in the file reads back exactly');

  const run = spawnSync(PYTHON, [FORWARD, file, path.join(dir, 'images.u8'), path.join(dir, 'labels.u8')], { encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { examples: number; accuracy: number; validation_accuracy: number };
  t.is(result.examples, data.validation.count);
  t.is(result.validation_accuracy, validation);
  // 0.05 points: numpy sums in another order, which may flip a near-tie or two of 10,000
  const points = Math.abs(result.accuracy - validation) * 100;
  t.log(`numpy ${(result.accuracy * 100).toFixed(2)} %, run ${(validation * 100).toFixed(2)} %: ${points.toFixed(3)} points apart`);
  t.true(points <= 0.05, `${points} points apart`);
});
