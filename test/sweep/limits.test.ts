import test from 'ava';
import { DEFAULT_MAX_JOBS } from '../../src/sweep/planner.js';
import { planYaml } from '../helpers/sweeps.js';

const HUNDRED = Array.from({ length: 100 }, (_, i) => i + 1);
const yaml = (seeds: number[]) => `name: big\ngrid:\n  epochs: [${HUNDRED}]\n  batch_size: [${HUNDRED}]\nseeds: [${seeds}]`;

test('a plan of exactly the limit is accepted', (t) => {
  const planning = planYaml(yaml([1]));
  t.true(planning.ok);
  if (planning.ok) t.is(planning.plan.jobs.length, DEFAULT_MAX_JOBS);
});

test('a plan over the limit is refused, naming the limit and the count', (t) => {
  const planning = planYaml(yaml([1, 2]));
  t.false(planning.ok);
  if (!planning.ok) {
    t.deepEqual(planning.problems, [
      {
        path: ['grid'],
        message: 'gives more jobs than the limit of 10000',
        got: 'up to 20000 jobs',
        hint: 'shrink the sweep, or raise the limit with --max-jobs',
        atKey: true,
      },
    ]);
  }
});

test('a higher max-jobs lets a larger plan through', (t) => {
  const planning = planYaml(yaml([1, 2]), { maxJobs: 20_000 });
  t.true(planning.ok);
  if (planning.ok) t.is(planning.plan.jobs.length, 20_000);
});

test('a grid over the limit that its excludes bring under it is accepted', (t) => {
  // 100 × 101 = 10,100 combinations; excluding epochs 1 leaves 99 × 101 = 9,999.
  const planning = planYaml(`name: big\ngrid:\n  epochs: [${HUNDRED}]\n  batch_size: [${[...HUNDRED, 101]}]\nexclude:\n  - {epochs: 1}`);
  t.true(planning.ok);
  if (planning.ok) t.is(planning.plan.jobs.length, 9_999);
});

test('a grid far over the limit is refused without being walked', (t) => {
  const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
  const planning = planYaml(`name: huge\ngrid:\n  epochs: [${thousand}]\n  batch_size: [${thousand}]\n  seed: [${thousand}]`);
  t.false(planning.ok);
  if (!planning.ok) t.is(planning.problems[0].got, 'up to 1000000000 jobs');
});
