/**
 * Reads a sweep's results folder through the journal's readers: `journal.jsonl` (required) and
 * `plan.json` (optional), into the report's view of the sweep. Everything after it is pure.
 */
import { lstat, readFile, readdir } from 'node:fs/promises';
import { MODELS_FOLDER } from '../journal/checkpoint/model-file.js';
import path from 'node:path';
import { PLAN_FILE, parsePlanFile, type PlanRead } from '../journal/plan-file.js';
import { parseJournal, readJournalText } from '../journal/read.js';
import { JOURNAL_FILE } from '../journal/record.js';
import { onFile } from '../fs/errors.js';
import { ReportError } from './errors.js';
import { journalForReport } from './record.js';
import { joinResults, type SweepResults } from './results.js';

/**
 * The text of plan.json, or null when there is none. Refused: a symbolic link (the folder's files are
 * its own: a linked file could be any file, or /dev/zero), and anything not a regular file.
 */
async function readIfPresent(file: string): Promise<string | null> {
  return onFile(file, async () => {
    let info;
    try {
      info = await lstat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (info.isSymbolicLink()) {
      throw new ReportError('UNSAFE_PATH', `${file}: is a symbolic link; a results folder's journal and plan must be its own files`, {
        hint: 'copy the file into the folder in place of the link',
      });
    }
    if (!info.isFile()) {
      throw new ReportError('UNREADABLE', `${file}: is ${info.isDirectory() ? 'a directory' : 'not a regular file'}, not a ${path.basename(file)}`, {
        hint: 'move it away; the results folder holds its plan as a regular file',
      });
    }
    return readFile(file, 'utf8');
  });
}

/** The sweep whose results are in `sweepDir`; throws ReportError `NO_JOURNAL` when it has no journal. */
export async function loadSweepResults(sweepDir: string): Promise<SweepResults> {
  const journalText = readJournalText(sweepDir);
  const planText = await readIfPresent(path.join(sweepDir, PLAN_FILE));
  if (journalText === null) {
    throw new ReportError('NO_JOURNAL', `no ${JOURNAL_FILE} in ${sweepDir}: no job of this sweep has finished yet`, {
      hint: 'give the results folder of a sweep (results/<sweep name>), or a folder of them',
    });
  }
  const planRead: PlanRead =
    planText === null
      ? { plan: null, warnings: [`${PLAN_FILE}: missing, so jobs not yet run are unknown and none is shown as pending`] }
      : parsePlanFile(planText, PLAN_FILE);
  const results = joinResults({
    folderName: path.basename(path.resolve(sweepDir)),
    plan: planRead.plan,
    journal: journalForReport(parseJournal(journalText, JOURNAL_FILE)),
    journalFile: JOURNAL_FILE,
    warnings: planRead.warnings,
  });
  return { ...results, keptModels: await keptModelIds(sweepDir) };
}

/** The job ids with a kept model in `<sweepDir>/models/`, sorted. */
async function keptModelIds(sweepDir: string): Promise<string[]> {
  try {
    const names = await readdir(path.join(sweepDir, MODELS_FOLDER));
    return names.filter((n) => n.endsWith('.safetensors') && !n.startsWith('.')).map((n) => n.slice(0, -'.safetensors'.length)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
