import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { runPlans, writeReport, SUMMARY_MD } from '../../src/index.js';
import { mnist } from '../helpers/mnist.js';
import { tempDir, tinyPlan } from '../helpers/run.js';

test('runPlans with report: true leaves the report the CLI would, and says where', async (t) => {
  const results = tempDir();
  const summary = await runPlans([tinyPlan('reported', [1], [0.1])], new InProcessLauncher(mnist()), { resultsDir: results, report: true });
  const dir = path.join(results, 'reported');
  t.deepEqual(summary.reports, [path.join(dir, SUMMARY_MD)]);
  t.true(existsSync(path.join(dir, SUMMARY_MD)));
  t.true(existsSync(path.join(dir, 'summary.csv')));
});

test('runPlans writes no report unless asked, and the exported writeReport writes it afterwards', async (t) => {
  const results = tempDir();
  const summary = await runPlans([tinyPlan('later', [1], [0.1])], new InProcessLauncher(mnist()), { resultsDir: results });
  const dir = path.join(results, 'later');
  t.deepEqual(summary.reports, []);
  t.false(existsSync(path.join(dir, SUMMARY_MD)));
  const report = await writeReport(dir);
  t.is(report.sweep, 'later');
  t.true(existsSync(path.join(dir, SUMMARY_MD)));
});
