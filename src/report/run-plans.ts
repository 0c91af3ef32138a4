/**
 * `runPlans` for library users, with the reports the CLI keeps: `report: true` rebuilds each sweep's
 * report after every finished job (sweep figures and tables only, so it stays cheap) and in full at the
 * end, as `mlp-sweep run` does. Here, in the report layer, because the coordinator (run) sits below the
 * reports and may not import them (docs/ARCHITECTURE.md, the layer rule). A report that cannot be written
 * is a warning event, never a lost result: the journal already holds every record.
 */
import path from 'node:path';
import type { Launcher } from '../launch/launcher.js';
import { runPlans as runCoordinator, type RunOptions } from '../run/coordinator.js';
import type { RunSummary } from '../run/events.js';
import type { Plan } from '../sweep/job.js';
import { SUMMARY_MD, writeReport } from './report.js';

export interface RunPlansOptions extends RunOptions {
  /** Keep each sweep's report current, as `mlp-sweep run` does (default false: journal and plan only). */
  report?: boolean;
}

export interface RunPlansSummary extends RunSummary {
  /** The summary.md of each report written at the end (with `report`), else empty. */
  reports: string[];
}

export async function runPlans(plans: readonly Plan[], launcher: Launcher, options: RunPlansOptions): Promise<RunPlansSummary> {
  if (!options.report) return { ...(await runCoordinator(plans, launcher, options)), reports: [] };
  const afterRecord = options.afterRecord ?? (async (dir: string) => void (await writeReport(dir, { jobFigures: false })));
  const summary = await runCoordinator(plans, launcher, { ...options, afterRecord });
  const reports: string[] = [];
  for (const dir of summary.dirs) {
    try {
      const result = await writeReport(dir, { jobFigures: true });
      for (const message of result.warnings) options.onEvent?.({ type: 'warning', message });
      reports.push(path.join(dir, SUMMARY_MD));
    } catch (error) {
      options.onEvent?.({ type: 'warning', message: `the report of ${dir} was not written: ${(error as Error).message}` });
    }
  }
  return { ...summary, reports };
}
