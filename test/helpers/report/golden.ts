/**
 * Golden-file comparison for the pure reporters. The expected text lives in test/fixtures/golden/report/;
 * to accept a deliberate change, regenerate and review the diff:  UPDATE_GOLDEN=1 npm test
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { GOLDEN } from './fixtures.js';

export function matchesGolden(t: ExecutionContext, name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    t.pass();
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    t.fail(`no golden file test/fixtures/golden/report/${name}: create it with UPDATE_GOLDEN=1 npm test`);
    return;
  }
  t.is(actual, expected, `differs from test/fixtures/golden/report/${name} (if intended: UPDATE_GOLDEN=1 npm test)`);
}
