/** Tests that need /usr/bin/python3 with numpy run only where it imports; elsewhere one visible test says so. */
import { spawnSync } from 'node:child_process';
import type { TestFn } from 'ava';

export const PYTHON = '/usr/bin/python3';

export function numpyTest(test: TestFn, subject: string): TestFn {
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status === 0) return test;
  test(`${subject} tests are skipped: ${PYTHON} with numpy is not available here`, (t) => {
    t.log(probe.error?.message ?? probe.stderr.trim());
    t.pass();
  });
  return test.skip as unknown as TestFn;
}
