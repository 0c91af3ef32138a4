/**
 * Keeps a sweep's report current while it runs: after each finished job the sweep figures and tables
 * are rebuilt (per-job figures only at the end, so a refresh stays cheap), and a failure to report is
 * a warning, never a lost result: the journal already holds the record.
 */
import path from 'node:path';
import { SUMMARY_MD, writeReport } from '../report/index.js';

/** Rebuilds the report of the sweep in `dir`; returns the path of its summary.md and the report's warnings. */
export async function refreshReport(dir: string, final = false): Promise<{ summary: string; warnings: string[] }> {
  const result = await writeReport(dir, { jobFigures: final });
  return { summary: path.join(dir, SUMMARY_MD), warnings: result.warnings };
}
