import test from 'ava';
import { spawnSync } from 'node:child_process';
import { CLI } from '../helpers/run.js';

const gradcheck = (...args: string[]) => spawnSync(process.execPath, [CLI, 'gradcheck', '--hidden', '8', '--rows', '4', '--samples', '4', ...args], { encoding: 'utf8' });

test('gradcheck prints FAIL naming the tensors and exits 1 when the threshold is exceeded', (t) => {
  // no float64 difference quotient is this exact: every tensor exceeds it
  const out = gradcheck('--threshold', '1e-300', '--json');
  t.is(out.status, 1, out.stderr);
  const verdict = JSON.parse(out.stdout).verdict;
  t.false(verdict.passed);
  t.is(verdict.threshold, 1e-300);
  t.deepEqual(
    verdict.failed.map((b: { tensor: string }) => b.tensor),
    ['W1', 'b1', 'W2', 'b2'],
  );
});
