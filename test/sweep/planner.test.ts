import test from 'ava';
import { describeJob, planOf } from '../helpers/sweeps.js';
import type { TrainSettings } from '../../src/core/settings.js';

interface Case {
  title: string;
  yaml: string;
  /** Settings shown per job (seed is always shown). */
  keys: (keyof TrainSettings)[];
  jobs: string[];
}

const cases: Case[] = [
  {
    title: 'a file with only fixed settings gives one job, with seed 1',
    yaml: 'name: single\nfixed: {epochs: 3, learning_rate: 0.05}',
    keys: ['epochs', 'learning_rate'],
    jobs: ['epochs=3 learning_rate=0.05 seed=1'],
  },
  {
    title: 'a 2×3 grid gives six jobs, the first axis outermost',
    yaml: 'name: g\ngrid:\n  batch_size: [100, 200]\n  init: [zeros, glorot, normal]',
    keys: ['batch_size', 'init'],
    jobs: [
      'batch_size=100 init=zeros seed=1',
      'batch_size=100 init=glorot seed=1',
      'batch_size=100 init=normal seed=1',
      'batch_size=200 init=zeros seed=1',
      'batch_size=200 init=glorot seed=1',
      'batch_size=200 init=normal seed=1',
    ],
  },
  {
    title: 'exclude removes every combination it partly matches',
    yaml: `name: x
grid:
  init: [zeros, glorot, normal]
  learning_rate: [0.1, 0.01]
exclude:
  - {init: normal}
  - {init: zeros, learning_rate: 0.01}`,
    keys: ['init', 'learning_rate'],
    jobs: ['init=zeros learning_rate=0.1 seed=1', 'init=glorot learning_rate=0.1 seed=1', 'init=glorot learning_rate=0.01 seed=1'],
  },
  {
    title: 'exclude compares hidden sizes by their contents',
    yaml: 'name: x\ngrid:\n  hidden_sizes: [[100], [100, 50]]\nexclude:\n  - {hidden_sizes: [100, 50]}',
    keys: ['hidden_sizes'],
    jobs: ['hidden_sizes=[100] seed=1'],
  },
  {
    title: 'an include that contradicts every combination adds a job after them',
    yaml: 'name: x\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1]\ninclude:\n  - {init: normal, learning_rate: 0.001}',
    keys: ['init', 'learning_rate'],
    jobs: ['init=zeros learning_rate=0.1 seed=1', 'init=glorot learning_rate=0.1 seed=1', 'init=normal learning_rate=0.001 seed=1'],
  },
  {
    title: 'an include that matches combinations extends them with its other settings',
    yaml: 'name: x\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1, 0.01]\ninclude:\n  - {init: glorot, epochs: 20}',
    keys: ['init', 'learning_rate', 'epochs'],
    jobs: [
      'init=zeros learning_rate=0.1 epochs=10 seed=1',
      'init=zeros learning_rate=0.01 epochs=10 seed=1',
      'init=glorot learning_rate=0.1 epochs=20 seed=1',
      'init=glorot learning_rate=0.01 epochs=20 seed=1',
    ],
  },
  {
    title: 'a later include may replace what an earlier one added, but never an axis value',
    yaml: `name: x
grid:
  init: [zeros, glorot]
include:
  - {epochs: 5}
  - {init: glorot, epochs: 7}
  - {init: normal}`,
    keys: ['init', 'epochs'],
    jobs: ['init=zeros epochs=5 seed=1', 'init=glorot epochs=7 seed=1', 'init=normal epochs=10 seed=1'],
  },
  {
    title: 'with no grid, each include entry is a job of its own',
    yaml: 'name: x\nfixed: {epochs: 2}\ninclude:\n  - {init: zeros}\n  - {init: normal}',
    keys: ['init', 'epochs'],
    jobs: ['init=zeros epochs=2 seed=1', 'init=normal epochs=2 seed=1'],
  },
  {
    title: 'zip varies settings together, one job per row',
    yaml: 'name: z\nzip:\n  batch_size: [10, 200]\n  learning_rate: [0.01, 0.1]',
    keys: ['batch_size', 'learning_rate'],
    jobs: ['batch_size=10 learning_rate=0.01 seed=1', 'batch_size=200 learning_rate=0.1 seed=1'],
  },
  {
    title: 'zip rows are the innermost axis of the grid',
    yaml: 'name: z\ngrid:\n  init: [zeros, glorot]\nzip:\n  batch_size: [10, 200]\n  learning_rate: [0.01, 0.1]',
    keys: ['init', 'batch_size', 'learning_rate'],
    jobs: [
      'init=zeros batch_size=10 learning_rate=0.01 seed=1',
      'init=zeros batch_size=200 learning_rate=0.1 seed=1',
      'init=glorot batch_size=10 learning_rate=0.01 seed=1',
      'init=glorot batch_size=200 learning_rate=0.1 seed=1',
    ],
  },
  {
    title: 'seeds repeat every point, seeds innermost and in the order listed',
    yaml: 'name: s\ngrid:\n  init: [zeros, glorot]\nseeds: [3, 1]',
    keys: ['init'],
    jobs: ['init=zeros seed=3', 'init=zeros seed=1', 'init=glorot seed=3', 'init=glorot seed=1'],
  },
  {
    title: 'a seed in the grid is an axis like any other',
    yaml: 'name: s\ngrid:\n  seed: [5, 6]',
    keys: [],
    jobs: ['seed=5', 'seed=6'],
  },
  {
    title: 'named runs come first, in file order, then the grid',
    yaml: `name: study
fixed: {epochs: 10}
runs:
  adgk: {batch_size: 10, learning_rate: 0.1, hidden_sizes: [700, 512]}
  small: {hidden_sizes: [100]}
grid:
  learning_rate: [0.5]`,
    keys: ['batch_size', 'learning_rate', 'hidden_sizes'],
    jobs: [
      '(adgk) batch_size=10 learning_rate=0.1 hidden_sizes=[700,512] seed=1',
      '(small) batch_size=200 learning_rate=0.1 hidden_sizes=[100] seed=1',
      'batch_size=200 learning_rate=0.5 hidden_sizes=[512,1024] seed=1',
    ],
  },
  {
    title: 'named runs alone add no job from the fixed settings, and run once per seed',
    yaml: 'name: r\nruns:\n  a: {epochs: 1}\nseeds: [1, 2]',
    keys: ['epochs'],
    jobs: ['(a) epochs=1 seed=1', '(a) epochs=1 seed=2'],
  },
  {
    title: 'identical jobs are merged, keeping the first',
    yaml: 'name: d\ngrid:\n  learning_rate: [0.1, 0.01, 0.1]\nseeds: [1, 2]',
    keys: ['learning_rate'],
    jobs: ['learning_rate=0.1 seed=1', 'learning_rate=0.1 seed=2', 'learning_rate=0.01 seed=1', 'learning_rate=0.01 seed=2'],
  },
  {
    title: 'a run equal to a grid combination is merged into the run, which comes first',
    yaml: 'name: d\nruns:\n  base: {learning_rate: 0.1}\ngrid:\n  learning_rate: [0.01, 0.1]',
    keys: ['learning_rate'],
    jobs: ['(base) learning_rate=0.1 seed=1', 'learning_rate=0.01 seed=1'],
  },
  {
    title: '1e-3 in a file is the number 0.001',
    yaml: 'name: n\ngrid:\n  learning_rate: [1e-3, 1E-2, .5]',
    keys: ['learning_rate'],
    jobs: ['learning_rate=0.001 seed=1', 'learning_rate=0.01 seed=1', 'learning_rate=0.5 seed=1'],
  },
];

for (const { title, yaml, keys, jobs } of cases) {
  test(title, (t) => {
    const plan = planOf(yaml);
    t.deepEqual(
      plan.jobs.map((job) => describeJob(job, keys)),
      jobs,
    );
    t.deepEqual(
      plan.jobs.map((job) => job.index),
      jobs.map((_, i) => i),
    );
  });
}

test('merged duplicates are reported with where they came from', (t) => {
  const plan = planOf('name: d\ngrid:\n  learning_rate: [0.1, 0.01, 0.1]');
  t.deepEqual(plan.merged, [
    {
      id: plan.jobs[0].id,
      keptIndex: 0,
      kept: 'grid combination learning_rate=0.1',
      dropped: 'grid combination learning_rate=0.1',
      droppedAt: ['grid', 'learning_rate', 2],
    },
  ]);
});

test('every job has every setting resolved, from fixed, the point and the defaults', (t) => {
  const plan = planOf('name: r\nfixed: {epochs: 2, precision: float64}\ngrid:\n  init: [normal]');
  t.deepEqual(plan.jobs[0].settings, {
    dataset: 'mnist',
    hidden_sizes: [512, 1024],
    activation: 'relu',
    init: 'normal',
    learning_rate: 0.1,
    batch_size: 200,
    epochs: 2,
    precision: 'float64',
    kernels: 'auto',
    seed: 1,
    train_limit: null,
  });
  t.is(plan.jobs[0].sweep, 'r');
  t.is(plan.jobs[0].kind, 'train');
});

test('varying names the settings that differ between jobs, never seed', (t) => {
  const plan = planOf('name: v\nfixed: {epochs: 2}\ngrid:\n  init: [zeros, glorot]\n  batch_size: [100]\nseeds: [1, 2]');
  t.deepEqual(
    plan.jobs.map((job) => job.varying),
    [{ init: 'zeros' }, { init: 'zeros' }, { init: 'glorot' }, { init: 'glorot' }],
  );
});

test('the same file always gives the same plan', (t) => {
  const yaml = 'name: s\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1, 0.01]\nseeds: [1, 2, 3]';
  t.deepEqual(planOf(yaml), planOf(yaml));
});
