import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configurations } from '../../src/report/aggregate.js';
import { loadSweepResults } from '../../src/report/load.js';
import { summaryMarkdown } from '../../src/report/markdown.js';
import { scratchResults } from '../helpers/report/results.js';

test("the report links each kept model in models/ with the job's validation accuracy", async (t) => {
  const dir = path.join(scratchResults(t, 'partial'), 'partial');
  const before = await loadSweepResults(dir);
  t.deepEqual(before.keptModels, []);
  t.false(summaryMarkdown(before, configurations(before), []).includes('## Kept models'), 'no section without models');

  const job = before.jobs.find((j) => j.status === 'ok')!;
  mkdirSync(path.join(dir, 'models'));
  writeFileSync(path.join(dir, 'models', `${job.id}.safetensors`), '');
  writeFileSync(path.join(dir, 'models', `.${job.id}.safetensors.123-abcd.tmp`), ''); // a write in progress is not a model
  const after = await loadSweepResults(dir);
  t.deepEqual(after.keptModels, [job.id]);
  const text = summaryMarkdown(after, configurations(after), []);
  const accuracy = (100 * job.record!.epochs.at(-1)!.validation_accuracy!).toFixed(2);
  t.regex(text, new RegExp(`## Kept models\\n\\nTrained weights of 1 job, .*\\n\\n- \\[\`${job.id}\`\\]\\(models/${job.id}\\.safetensors\\).*validation ${accuracy} %`));
});
