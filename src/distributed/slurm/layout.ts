/**
 * Where a Slurm array's files live, under the sweep's results folder (shared by the login node and the
 * compute nodes):
 *
 *   results/<sweep>/slurm/<plan hash, 12 digits>/plan.json      the frozen plan: array task i runs jobs[i]
 *                                               array.sbatch   the script to submit
 *                                               records/<job id>.json   one record per finished task
 *                                               logs/<array id>_<task>.out  what each task printed
 *
 * One folder per frozen plan, so freezing again (after a partial collect) never touches the files of
 * an array that may still be running; `collect` reads them all.
 */
import path from 'node:path';

export const SLURM_DIR = 'slurm';
export const FROZEN_PLAN_FILE = 'plan.json';
export const SCRIPT_FILE = 'array.sbatch';
export const RECORDS_DIR = 'records';
export const LOGS_DIR = 'logs';

/** A frozen plan's folder is named after its hash: readers refuse a plan whose hash is not its folder's. */
export function frozenDirName(planHash: string): string {
  return planHash.slice(0, 12);
}

export function frozenDir(sweepDir: string, planHash: string): string {
  return path.join(sweepDir, SLURM_DIR, frozenDirName(planHash));
}

/** A task's record file: named by job id, so running a task twice rewrites one file. */
export function recordFile(frozenPlanFile: string, jobId: string): string {
  return path.join(path.dirname(frozenPlanFile), RECORDS_DIR, `${jobId}.json`);
}
