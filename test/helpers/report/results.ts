/** Fixture results folders, loaded as the report sees them, and copied to scratch folders for writing tests. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { configurations, type Configuration } from '../../../src/report/aggregate.js';
import { reportFigures, type Figure } from '../../../src/report/figures/catalogue.js';
import { loadSweepResults } from '../../../src/report/load.js';
import type { SweepResults } from '../../../src/report/results.js';
import { resultsFixture } from './fixtures.js';

export interface LoadedFixture {
  results: SweepResults;
  configs: Configuration[];
  figures: Figure[];
}

export async function loadFixture(sweep: string): Promise<LoadedFixture> {
  const results = await loadSweepResults(resultsFixture(sweep));
  const configs = configurations(results);
  return { results, configs, figures: reportFigures(results, configs, { jobFigures: true }) };
}

/** A scratch copy of fixture sweeps under one results folder, removed when the test ends. */
export function scratchResults(t: ExecutionContext, ...sweeps: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-report-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  for (const sweep of sweeps) cpSync(resultsFixture(sweep), path.join(root, sweep), { recursive: true });
  return root;
}
