import test from 'ava';
import { resolveSettings } from '../../src/core/settings.js';
import { estimateJob, estimatePlan, forwardFlopsPerExample } from '../../src/sweep/estimate.js';
import { planOf } from '../helpers/sweeps.js';

test('the forward pass costs 2·in·out FLOPs per layer and example', (t) => {
  t.is(forwardFlopsPerExample([]), 2 * 784 * 10);
  t.is(forwardFlopsPerExample([512, 1024]), 2 * (784 * 512 + 512 * 1024 + 1024 * 10));
});

test('a job trains on its training set each epoch and evaluates validation every epoch and test once', (t) => {
  const settings = resolveSettings({ hidden_sizes: [100], epochs: 2, train_limit: 1000, kernels: 'reference' });
  const forward = 2 * (784 * 100 + 100 * 10);
  const estimate = estimateJob(settings);
  t.is(estimate.examples, 1000 * 2 + 10_000 * 3 + 10_000);
  t.is(estimate.flops, 1000 * 2 * 3 * forward + (10_000 * 3 + 10_000) * forward);
  t.is(estimate.seconds, estimate.flops / 1.1e9);
  t.is(estimateJob(settings, { reference: 2, wasm: 40, auto: 40, native: 60 }).seconds, estimate.flops / 2e9);
});

test('jobs are dealt to the least loaded worker for the wall time', (t) => {
  const plan = planOf('name: w\nfixed: {hidden_sizes: [10], kernels: reference}\ngrid:\n  epochs: [1, 1, 2, 1, 3]');
  const estimate = estimatePlan(plan.jobs, 2);
  t.is(estimate.jobs, 3);
  const [one, two, three] = plan.jobs.map((job) => estimateJob(job.settings).seconds);
  t.is(estimate.cpuSeconds, one + two + three);
  t.is(estimate.wallSeconds, Math.max(three, one + two));
});
