/** Paths of the report tests' fixtures: results folders in, golden files to compare with. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../sweeps.js';

export const RESULTS_FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'results');
export const GOLDEN = path.join(PROJECT_ROOT, 'test', 'fixtures', 'golden', 'report');

/** The results folder of a fixture sweep: `lr-batch`, `partial`, `troubled`, `older`, `gradient-check`. */
export function resultsFixture(sweep: string): string {
  return path.join(RESULTS_FIXTURES, sweep);
}

export function readFixture(sweep: string, file: string): string {
  return readFileSync(path.join(resultsFixture(sweep), file), 'utf8');
}
