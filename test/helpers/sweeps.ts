/** Helpers for the sweep tests: fixture paths, and plans from inline YAML. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseSweepSource } from '../../src/sweep/parse.js';
import { planSweep, type PlanOptions, type Planning } from '../../src/sweep/planner.js';
import { validateSweep } from '../../src/sweep/validate.js';
import { formatPath } from '../../src/sweep/diagnostics.js';
import type { Job, Plan } from '../../src/sweep/job.js';

/** The project root: tests run from dist/test/, fixtures stay in test/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SWEEP_FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'sweeps');

export function sweepFixture(name: string): string {
  return readFileSync(path.join(SWEEP_FIXTURES, name), 'utf8');
}

/** Parses, validates and plans YAML text; throws with the problems when it is not valid. */
export function planYaml(text: string, options: PlanOptions = {}): Planning {
  const source = parseSweepSource(text, 'inline.yaml');
  if (source.diagnostics.length > 0) throw new Error(`YAML problems: ${JSON.stringify(source.diagnostics)}`);
  const validation = validateSweep(source.value);
  if (!validation.ok) {
    throw new Error(validation.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n'));
  }
  return planSweep(validation.sweep, options);
}

export function planOf(text: string, options: PlanOptions = {}): Plan {
  const planning = planYaml(text, options);
  if (!planning.ok) throw new Error(planning.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n'));
  return planning.plan;
}

/** A job as one short line: `(name) key=value … seed=N`, values as JSON without quotes. */
export function describeJob(job: Job, keys: readonly (keyof Job['settings'])[]): string {
  const values = keys.map((key) => `${key}=${JSON.stringify(job.settings[key]).replace(/"/g, '')}`);
  return [...(job.name === null ? [] : [`(${job.name})`]), ...values, `seed=${job.settings.seed}`].join(' ');
}
