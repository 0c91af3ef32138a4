/** The native set's tests run only where the addon loads; elsewhere one visible test says why they were skipped. */
import type { TestFn } from 'ava';
import { kernelProvider } from '../../src/kernels/registry.js';

export function nativeTest(test: TestFn, subject: string): TestFn {
  const reason = kernelProvider('native').unavailableReason();
  if (reason === null) return test;
  test(`${subject} tests are skipped: the native set does not run here`, (t) => {
    t.log(reason);
    t.pass();
  });
  return test.skip as unknown as TestFn;
}
