import test from 'ava';
import { executeJob } from '../../src/execute/execute-job.js';
import { mnist } from '../helpers/mnist.js';
import { planOf } from '../helpers/sweeps.js';

test('a gradcheck job trains, then checks every tensor in float64 and records the table', (t) => {
  const plan = planOf(`
name: check
kind: gradcheck
fixed: {hidden_sizes: [16, 8], epochs: 2, train_limit: 2000, batch_size: 100}
`);
  t.is(plan.jobs[0].kind, 'gradcheck');
  const record = executeJob(plan.jobs[0], mnist());
  t.is(record.status, 'ok');
  t.is(record.kind, 'gradcheck');
  t.deepEqual(record.epochs.map((e) => e.epoch), [0, 1, 2]);
  const report = record.gradcheck!;
  t.deepEqual(report.best.map((b) => b.tensor), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
  t.is(report.rows.length, 6 * 10); // every tensor at each of the 10 study epsilons
  for (const best of report.best) t.true(best.max_rel_error < 1e-5, `${best.tensor}: ${best.max_rel_error}`);
});

test('a train job records no gradient check', (t) => {
  const plan = planOf('name: plain\nfixed: {hidden_sizes: [8], epochs: 1, train_limit: 500}');
  const record = executeJob(plan.jobs[0], mnist());
  t.is(record.kind, 'train');
  t.is(record.gradcheck, null);
});
