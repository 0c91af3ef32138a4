import test from 'ava';
import { formatJobTable, COMPACT_ABOVE, type PlannedSweep } from '../../src/cli/commands/plan-view.js';
import { planOf } from '../helpers/sweeps.js';

const big = (seeds: number): PlannedSweep => ({
  file: 'big.yaml',
  sweep: {} as never,
  plan: planOf(`name: big\nfixed: {hidden_sizes: [8], epochs: 1}\ngrid: {learning_rate: [0.1, 0.2, 0.3, 0.4, 0.5]}\nseeds: ${seeds}\n`),
  notices: [],
  statuses: new Map(),
});

test('a large plan lists its first and last jobs and says how many it left out; --all lists every one', (t) => {
  const sweep = big(10);
  t.true(sweep.plan.jobs.length > COMPACT_ABOVE);
  const compact = formatJobTable(sweep);
  t.is(compact.length, 1 + 10 + 1 + 5);
  t.is(compact[11], '… 35 more jobs (--all lists every one)');
  t.regex(compact[1], /^0 /);
  t.regex(compact.at(-1)!, /^49 /);
  t.is(formatJobTable(sweep, true).length, 1 + 50);
});

test('a plan of up to the threshold lists every job', (t) => {
  const sweep = big(8);
  t.is(sweep.plan.jobs.length, COMPACT_ABOVE);
  t.is(formatJobTable(sweep).length, 1 + COMPACT_ABOVE);
});
