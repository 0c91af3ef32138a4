/** The native set's own tests run only where the addon loads; elsewhere a skipped test says why. */
import type { TestFn } from 'ava';
import { fastSetTest } from './fast-sets.js';

export function nativeTest(test: TestFn, subject: string): TestFn {
  return fastSetTest(test, 'native', subject);
}
