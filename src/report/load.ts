/**
 * Reads a sweep's results folder: `journal.jsonl` (required) and `plan.json` (optional), into the report's
 * view of the sweep. The only module of the report that reads files; everything after it is pure.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE } from '../journal/status.js';
import { ReportError } from './errors.js';
import { parseJournal } from './journal.js';
import { parsePlanFile, type PlanRead } from './plan-file.js';
import { joinResults, type SweepResults } from './results.js';

export const PLAN_FILE = 'plan.json';

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The sweep whose results are in `sweepDir`; throws ReportError `NO_JOURNAL` when it has no journal. */
export async function loadSweepResults(sweepDir: string): Promise<SweepResults> {
  const [journalText, planText] = await Promise.all([
    readIfPresent(path.join(sweepDir, JOURNAL_FILE)),
    readIfPresent(path.join(sweepDir, PLAN_FILE)),
  ]);
  if (journalText === null) {
    throw new ReportError('NO_JOURNAL', `no ${JOURNAL_FILE} in ${sweepDir}: no job of this sweep has finished yet`, {
      hint: 'give the results folder of a sweep (results/<sweep name>), or a folder of them',
    });
  }
  const planRead: PlanRead =
    planText === null
      ? { plan: null, warnings: [`${PLAN_FILE}: missing, so jobs not yet run are unknown and none is shown as pending`] }
      : parsePlanFile(planText, PLAN_FILE);
  return joinResults({
    folderName: path.basename(path.resolve(sweepDir)),
    plan: planRead.plan,
    journal: parseJournal(journalText, JOURNAL_FILE),
    journalFile: JOURNAL_FILE,
    warnings: planRead.warnings,
  });
}
