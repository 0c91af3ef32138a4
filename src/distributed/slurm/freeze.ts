/**
 * `mlp-sweep slurm`'s work: the jobs of a sweep not yet in its journal (the same rule as `run`'s
 * resume) → a frozen plan, its sbatch script, and the folders the tasks write to. Also writes the
 * sweep's plan.json, as a run does, so the report lists the jobs still pending.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { acquireLock } from '../../journal/lock.js';
import { writePlanFile } from '../../journal/plan-file.js';
import { latestById, readJournal } from '../../journal/read.js';
import { jobsToRun } from '../../journal/resume.js';
import { type RunSettings, resolveRunSettings } from '../../core/run-settings.js';
import type { Plan } from '../../sweep/job.js';
import { type FrozenPlan, freezePlan, frozenPlanText } from './frozen-plan.js';
import { FROZEN_PLAN_FILE, LOGS_DIR, RECORDS_DIR, SCRIPT_FILE, frozenDir } from './layout.js';
import { sbatchScript, shellQuote } from './sbatch.js';

/** This installation's CLI, as the compute nodes will start it (they share the file system). */
export function defaultCommand(): string {
  const cli = fileURLToPath(new URL('../../../../bin/mlp-sweep.js', import.meta.url));
  return `${shellQuote(process.execPath)} ${shellQuote(cli)}`;
}

export interface FreezeOptions {
  plan: Plan;
  /** The results root: the sweep's folder is `<resultsDir>/<sweep>`. */
  resultsDir: string;
  datasetDigest: string;
  force?: boolean;
  retryFailed?: boolean;
  maxParallel: number;
  command?: string;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  /** Run settings over the plan's own (the command line's --keep-models, --no-checkpoint). */
  run?: Partial<RunSettings>;
}

export interface Frozen {
  sweepDir: string;
  /** Jobs the journal already has (skipped), as `run` counts them. */
  skipped: { ok: number; failed: number; diverged: number };
  /** null when every job is already in the journal: nothing to submit. */
  frozen: FrozenPlan | null;
  planFile: string | null;
  scriptFile: string | null;
}

export async function freezeSweep(o: FreezeOptions): Promise<Frozen> {
  const sweepDir = path.resolve(o.resultsDir, o.plan.sweep);
  mkdirSync(sweepDir, { recursive: true });
  const lock = acquireLock(sweepDir);
  try {
    const { todo, skipped } = jobsToRun(o.plan, latestById(readJournal(sweepDir).records), o);
    await writePlanFile(sweepDir, o.plan);
    if (todo.length === 0) return { sweepDir, skipped, frozen: null, planFile: null, scriptFile: null };

    const frozen = freezePlan(o.plan.sweep, o.plan.description, todo, o.datasetDigest, resolveRunSettings({ ...o.plan.run, ...o.run }));
    const dir = frozenDir(sweepDir, frozen.plan_hash);
    const planFile = path.join(dir, FROZEN_PLAN_FILE);
    const scriptFile = path.join(dir, SCRIPT_FILE);
    for (const sub of [RECORDS_DIR, LOGS_DIR]) mkdirSync(path.join(dir, sub), { recursive: true });
    await writeFileAtomic(planFile, frozenPlanText(frozen));
    const script = sbatchScript({
      sweep: o.plan.sweep,
      planHash: frozen.plan_hash,
      planFile,
      scriptFile,
      jobs: todo.length,
      maxParallel: Math.min(o.maxParallel, todo.length),
      command: o.command ?? defaultCommand(),
      logsDir: path.join(dir, LOGS_DIR),
      sweepDir,
      partition: o.partition,
      time: o.time,
      mem: o.mem,
      account: o.account,
    });
    await writeFileAtomic(scriptFile, script);
    chmodSync(scriptFile, 0o755);
    return { sweepDir, skipped, frozen, planFile, scriptFile };
  } finally {
    lock.release();
  }
}
