import test from 'ava';
import { summaryMarkdown } from '../../src/report/markdown.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { loadFixture } from '../helpers/report/results.js';

for (const sweep of ['lr-batch', 'partial', 'troubled', 'older', 'gradient-check']) {
  test(`summary.md of the ${sweep} fixture matches its golden file`, async (t) => {
    const { results, configs, figures } = await loadFixture(sweep);
    matchesGolden(t, `${sweep}/summary.md`, summaryMarkdown(results, configs, figures));
  });
}

test('configurations are sorted best first, with seeds folded into mean ± std (n=3)', async (t) => {
  const { results, configs, figures } = await loadFixture('lr-batch');
  const text = summaryMarkdown(results, configs, figures);
  const rows = text.split('\n').filter((line) => /^\| \d+ \| [\d.]+ \| \d+ \|/.test(line));
  t.is(rows.length, 10);
  const means = rows.map((row) => Number(row.split('|')[4].trim().split(' ')[0]));
  t.deepEqual(means, [...means].sort((a, b) => b - a));
  t.regex(rows[0], /\| \d+\.\d\d ± \d+\.\d\d \(n=3\) \|/);
});

test('the per-seed rows sit in a collapsed block under the configurations', async (t) => {
  const { results, configs, figures } = await loadFixture('lr-batch');
  const text = summaryMarkdown(results, configs, figures);
  t.true(text.indexOf('## Configurations') < text.indexOf('<summary>Per-seed rows: the 30 finished jobs</summary>'));
});

test('a grid of two varying settings gets a pivot table with the best cell in bold, and its test accuracy', async (t) => {
  const { results, configs, figures } = await loadFixture('lr-batch');
  const text = summaryMarkdown(results, configs, figures);
  t.regex(text, /### learning_rate × batch_size/);
  t.regex(text, /\| 0\.3 \| \*\*\d+\.\d\d ± \d+\.\d\d \(n=3\) · test \d+\.\d\d\*\* \|/);
});

test('failed and diverged jobs are listed with their message', async (t) => {
  const { results, configs, figures } = await loadFixture('troubled');
  const text = summaryMarkdown(results, configs, figures);
  t.regex(text, /\| failed \| DatasetError: cannot read MNIST: data\/train-images-idx3-ubyte is 0 bytes \\\| expected 47040016 \|/);
  t.regex(text, /\| diverged \| diverged in epoch 1, batch 1: a non-finite loss \|/);
});

test('a partial sweep says how many jobs are pending and lists them', async (t) => {
  const { results, configs, figures } = await loadFixture('partial');
  const text = summaryMarkdown(results, configs, figures);
  t.regex(text, /\*\*8 jobs\*\*: 3 ok, 5 pending\./);
  t.regex(text, /## Pending jobs\n\n5 jobs of the plan without a result yet\./);
  t.regex(text, /\| \[64, 32\] \| pending \| pending \|/);
});

test('a sweep whose every job trains on all examples (train_limit null) shows it among the shared settings', async (t) => {
  const { results, configs, figures } = await loadFixture('lr-batch');
  const all = { ...results, jobs: results.jobs.map((job) => ({ ...job, settings: { ...job.settings, train_limit: null } })) };
  t.regex(summaryMarkdown(all, configs, figures), /Settings shared by every job: .*train_limit all/);
});
