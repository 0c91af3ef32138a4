import anyTest from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeModel, modelFile } from '../../src/journal/checkpoint/model-file.js';
import { checkpointFile } from '../../src/journal/checkpoint/store.js';
import { exportModel } from '../../src/cli/commands/export.js';
import { readJournal } from '../../src/journal/read.js';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { runPlans } from '../../src/run/coordinator.js';
import { mnist } from '../helpers/mnist.js';
import { PYTHON, numpyTest } from '../helpers/numpy.js';
import { tempDir } from '../helpers/run.js';
import { PROJECT_ROOT, planOf } from '../helpers/sweeps.js';

const test = numpyTest(anyTest, 'kept-model numpy');
const FORWARD = path.join(PROJECT_ROOT, 'scripts', 'forward.py');

test("a kept model loads in numpy and its float32 forward pass gives the journal's validation accuracy", async (t) => {
  const plan = planOf(`
name: kept
fixed: { hidden_sizes: [48, 24], epochs: 2, train_limit: 3000, seed: 5, kernels: wasm }
keep: final
`);
  const results = tempDir();
  await runPlans([plan], new InProcessLauncher(mnist()), { resultsDir: results });
  const dir = path.join(results, 'kept');
  const [record] = readJournal(dir).records;
  const validation = record.epochs.at(-1)!.validation_accuracy;
  const file = modelFile(dir, record.id);
  t.false(existsSync(checkpointFile(dir, record.id)), 'the checkpoint is deleted once the record is journaled');
  t.is(exportModel(dir, record.id.slice(0, 6)), file, 'export finds it by a prefix of the id');
  const kept = decodeModel(readFileSync(file), file);
  t.like(kept, { job_id: record.id, validation_accuracy: validation, test_accuracy: record.test!.accuracy, sizes: [784, 48, 24, 10] });

  const data = mnist();
  writeFileSync(path.join(results, 'images.u8'), data.validation.images);
  writeFileSync(path.join(results, 'labels.u8'), data.validation.labels);
  const run = spawnSync(PYTHON, [FORWARD, file, path.join(results, 'images.u8'), path.join(results, 'labels.u8')], { encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  const numpy = JSON.parse(run.stdout) as { examples: number; accuracy: number; validation_accuracy: number };
  t.is(numpy.examples, data.validation.count);
  t.is(numpy.validation_accuracy, validation, "the file's own accuracy reads back exactly in Python");
  // 0.05 points: numpy sums in another order, which may flip a near-tie or two of 10,000
  const points = Math.abs(numpy.accuracy - validation) * 100;
  t.log(`numpy ${(numpy.accuracy * 100).toFixed(2)} %, journal ${(validation * 100).toFixed(2)} %: ${points.toFixed(3)} points apart`);
  t.true(points <= 0.05, `${points} points apart`);
});

anyTest('export names what is missing and how to keep models', (t) => {
  const dir = tempDir();
  t.throws(() => exportModel(dir, 'abc123'), { message: /models has no kept model of job abc123 \(0 kept models there\)/ });
});
