import test from 'ava';
import { planOf } from '../helpers/sweeps.js';
import { uniformAt } from '../../src/sweep/search/stream.js';
import type { Job } from '../../src/sweep/job.js';

const search = (trials: number, seed = 1, extra = '') => `name: s
fixed: {train_limit: 10000}
search:
  method: random
  trials: ${trials}
  seed: ${seed}
  space:
    learning_rate: {log_uniform: [0.001, 0.5]}
    batch_size: {choice: [50, 100, 200]}
    hidden_sizes: {choice: [[128], [256, 128]]}
${extra}`;

const ids = (jobs: Job[]) => jobs.map((job) => job.id);

test('the stream is SHA-256 of the seed, the trial and the setting, as documented', (t) => {
  // Recomputed apart, with BigInt: sha256("mlp-sweep/search/v1\0" + "1\0" + "0\0" + "learning_rate"), first 53 bits / 2^53.
  t.is(uniformAt(1, 0, 'learning_rate'), 0.28486139166445146);
  t.not(uniformAt(1, 0, 'learning_rate'), uniformAt(1, 1, 'learning_rate'));
  t.not(uniformAt(1, 0, 'learning_rate'), uniformAt(2, 0, 'learning_rate'));
  t.not(uniformAt(1, 0, 'learning_rate'), uniformAt(1, 0, 'batch_size'));
});

test('the same search file gives the same trials, ids and order', (t) => {
  t.deepEqual(planOf(search(24)).jobs, planOf(search(24)).jobs);
});

test('another sampler seed gives other trials', (t) => {
  const a = planOf(search(24, 1)).jobs.map((job) => job.settings.learning_rate);
  const b = planOf(search(24, 2)).jobs.map((job) => job.settings.learning_rate);
  t.notDeepEqual(a, b);
});

test('raising trials from 24 to 48 keeps the first 24 trials bit for bit', (t) => {
  const small = planOf(search(24)).jobs;
  const large = planOf(search(48)).jobs;
  t.is(large.length, 48);
  t.deepEqual(large.slice(0, 24).map((job) => job.settings), small.map((job) => job.settings));
  t.deepEqual(ids(large.slice(0, 24)), ids(small));
});

test('seeds stay an axis: each trial runs once per seed, seeds innermost, and more trials keep the first ones', (t) => {
  const small = planOf(search(3, 1, 'seeds: [1, 2]')).jobs;
  const large = planOf(search(5, 1, 'seeds: [1, 2]')).jobs;
  t.deepEqual(small.map((job) => job.settings.seed), [1, 2, 1, 2, 1, 2]);
  t.is(small[0].settings.learning_rate, small[1].settings.learning_rate);
  t.deepEqual(ids(large.slice(0, 6)), ids(small));
});

test('adding a setting to the space leaves the other settings of every trial as they were', (t) => {
  const before = planOf(search(10)).jobs;
  const after = planOf(search(10, 1, '    init: {choice: [glorot, normal]}')).jobs;
  t.deepEqual(
    after.map((job) => job.settings.learning_rate),
    before.map((job) => job.settings.learning_rate),
  );
});

test('a trial has the ids a grid job with the same settings has', (t) => {
  const [trial] = planOf(search(1)).jobs;
  const { learning_rate, batch_size, hidden_sizes } = trial.settings;
  const grid = planOf(`name: g
fixed: {train_limit: 10000, learning_rate: ${learning_rate}, batch_size: ${batch_size}, hidden_sizes: ${JSON.stringify(hidden_sizes)}}`);
  t.is(grid.jobs[0].id, trial.id);
});

test('search with method grid gives the jobs grid: gives', (t) => {
  const viaSearch = planOf('name: g\nsearch:\n  method: grid\n  space:\n    init: {choice: [zeros, glorot]}\n    learning_rate: {choice: [0.1, 0.01]}');
  const viaGrid = planOf('name: g\ngrid:\n  init: [zeros, glorot]\n  learning_rate: [0.1, 0.01]');
  t.deepEqual(viaSearch.jobs, viaGrid.jobs);
});

test('early stopping trains every trial for up to max_epochs', (t) => {
  const plan = planOf(search(4, 1, 'early_stopping: {method: asha, max_epochs: 9}'));
  t.deepEqual(plan.jobs.map((job) => job.settings.epochs), [9, 9, 9, 9]);
});

interface RangeCase {
  title: string;
  entry: string;
  check: (values: number[]) => boolean;
}

const ranges: RangeCase[] = [
  { title: 'uniform stays within [a, b]', entry: 'learning_rate: {uniform: [0.05, 0.2]}', check: (v) => v.every((x) => x >= 0.05 && x <= 0.2) },
  { title: 'log_uniform stays within [a, b] and spreads over its decades', entry: 'learning_rate: {log_uniform: [0.001, 1]}', check: (v) => v.every((x) => x >= 0.001 && x <= 1) && v.some((x) => x < 0.01) && v.some((x) => x > 0.1) },
  { title: 'int_uniform gives whole numbers and both of its ends', entry: 'epochs: {int_uniform: [1, 3]}', check: (v) => v.every(Number.isInteger) && new Set(v).size === 3 },
  { title: 'q_uniform gives the multiples of q within [a, b]', entry: 'batch_size: {q_uniform: [16, 64, 16]}', check: (v) => v.every((x) => x % 16 === 0 && x >= 16 && x <= 64) && new Set(v).size === 4 },
  { title: 'q_log_uniform gives multiples of q within [a, b]', entry: 'batch_size: {q_log_uniform: [8, 512, 8]}', check: (v) => v.every((x) => x % 8 === 0 && x >= 8 && x <= 512) },
  { title: 'q_uniform with a fractional step gives short decimals', entry: 'learning_rate: {q_uniform: [0.1, 0.5, 0.1]}', check: (v) => v.every((x) => [0.1, 0.2, 0.3, 0.4, 0.5].includes(x)) },
  { title: 'choice picks every listed value', entry: 'batch_size: {choice: [10, 20, 30]}', check: (v) => new Set(v).size === 3 && v.every((x) => [10, 20, 30].includes(x)) },
];

for (const { title, entry, check } of ranges) {
  test(`over 200 trials, ${title}`, (t) => {
    const key = entry.split(':')[0] as keyof Job['settings'];
    const plan = planOf(`name: r\nsearch:\n  method: random\n  trials: 200\n  space:\n    ${entry}`);
    const values = plan.jobs.map((job) => job.settings[key] as number);
    t.true(check(values), `values: ${values.slice(0, 20).join(', ')}…`);
  });
}
