import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const MIXED = `name: mixed
fixed: {hidden_sizes: [8], epochs: 1, train_limit: 300, batch_size: 100}
runs:
  fine: {learning_rate: 0.1}
  throws: {kernels: wasm, precision: float64}
`;

test('the exit status is the sweep state: 1 while a job of the plan is failed, also when it failed in an earlier run', async (t) => {
  const dir = tempDirWith(t, { 'mixed.yaml': MIXED });
  const first = await runCli(['run', 'mixed.yaml', '--in-process', '--no-report'], dir);
  t.is(first.code, 1, first.stdout);
  const again = await runCli(['run', 'mixed.yaml', '--in-process', '--no-report'], dir);
  t.regex(again.stdout, /0 ok, 0 diverged, 0 failed, 2 skipped/);
  t.regex(again.stdout, /1 job of the plan failed \(now or earlier\): exit status 1; --retry-failed reruns them/);
  t.is(again.code, 1);
});

test('a rerun whose journal holds only ok jobs of the plan exits 0', async (t) => {
  const dir = tempDirWith(t, { 'fine.yaml': 'name: fine\nfixed: {hidden_sizes: [8], epochs: 1, train_limit: 300, batch_size: 100}\n' });
  t.is((await runCli(['run', 'fine.yaml', '--in-process', '--no-report'], dir)).code, 0);
  const again = await runCli(['run', 'fine.yaml', '--in-process', '--no-report'], dir);
  t.is(again.code, 0, again.stdout);
  t.regex(again.stdout, /1 skipped/);
});
