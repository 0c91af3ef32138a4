/**
 * A frozen plan: the jobs an array runs, fixed with their content hash, the training-code version and
 * the dataset digest. Array task i runs `jobs[i]`. Whoever reads it (run-job on a compute node,
 * collect) checks it first: the hash must still match its jobs (an edited file is refused, not run),
 * the hash must be the one its folder is named after (so a plan edited and re-hashed consistently is
 * refused too: the folder name was fixed when it was frozen), and every job passes the same checks as
 * a job received from a queue (job-message.ts).
 *
 * It also carries the sweep's run settings (checkpoint, checkpoint_every_s, keep), which its tasks
 * honour. They are not in the hash, as they are in no job id: they never change what a task computes,
 * so changing them is not changing the plan. They are checked as a sweep file's are (a plan frozen
 * before they were carried has none: the defaults).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type RunSettings, resolveRunSettings } from '../../core/run-settings.js';
import { RunSettingsSchema } from '../../core/settings-schema.js';
import { type ValidatorSpec, validator } from '../../core/validator.js';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import type { Job } from '../../sweep/job.js';
import { FrozenPlanError } from '../errors.js';
import { JOB_MESSAGE_FORMAT, checkJobMessage } from '../job-message.js';
import { planHash } from '../plan-hash.js';
import { frozenDirName } from './layout.js';

export const FROZEN_PLAN_FORMAT = 1;

export interface FrozenPlan {
  format: number;
  sweep: string;
  description: string;
  code_version: number;
  dataset_digest: string;
  /** sha256 over sweep, code version, dataset digest and jobs (plan-hash.ts). */
  plan_hash: string;
  created_at: string;
  /** How its tasks checkpoint and keep models: the sweep's run settings, with the command line's over them. */
  run: RunSettings;
  jobs: Job[];
}

/** The run settings a frozen plan carries: those of a sweep file, all three given. */
export const FROZEN_RUN_SETTINGS_VALIDATOR: ValidatorSpec = { name: 'frozen-run-settings', schema: RunSettingsSchema, options: { allErrors: true } };

export function freezePlan(sweep: string, description: string, jobs: readonly Job[], datasetDigest: string, run: RunSettings = resolveRunSettings()): FrozenPlan {
  const body = { sweep, code_version: TRAINING_CODE_VERSION, dataset_digest: datasetDigest, jobs: [...jobs] };
  return {
    format: FROZEN_PLAN_FORMAT,
    sweep,
    description,
    code_version: TRAINING_CODE_VERSION,
    dataset_digest: datasetDigest,
    plan_hash: planHash(body),
    created_at: new Date().toISOString(),
    run: { ...run },
    jobs: [...jobs],
  };
}

export function frozenPlanText(plan: FrozenPlan): string {
  return `${JSON.stringify(plan, null, 1)}\n`;
}

/**
 * Reads and checks a frozen plan. `datasetDigest` is the reader's own: a job is refused unless it was
 * planned on the same data (null skips that check, for collect, which runs nothing).
 */
export function readFrozenPlan(file: string, datasetDigest: string | null): FrozenPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FrozenPlanError(`${file}: ${code ? `cannot read (${code})` : `not valid JSON (${(error as Error).message})`}`);
  }
  const plan = raw as Partial<FrozenPlan> | null;
  if (plan === null || typeof plan !== 'object' || plan.format !== FROZEN_PLAN_FORMAT || !Array.isArray(plan.jobs)) {
    throw new FrozenPlanError(`${file}: not a frozen plan of format ${FROZEN_PLAN_FORMAT} (written by \`mlp-sweep slurm\`)`);
  }
  if (plan.code_version !== TRAINING_CODE_VERSION) {
    throw new FrozenPlanError(
      `${file}: frozen by training-code version ${String(plan.code_version)}, and this is version ${TRAINING_CODE_VERSION}`,
      { hint: 'run the mlp-sweep that froze it, or freeze the sweep again with this one (mlp-sweep slurm <file>)' },
    );
  }
  if (typeof plan.sweep !== 'string' || typeof plan.dataset_digest !== 'string' || typeof plan.plan_hash !== 'string') {
    throw new FrozenPlanError(`${file}: lacks its sweep, dataset digest or plan hash`);
  }
  const run = plan.run === undefined ? resolveRunSettings() : plan.run;
  const validateRun = validator<RunSettings>(FROZEN_RUN_SETTINGS_VALIDATOR);
  if (!validateRun(run)) {
    const problems = (validateRun.errors ?? []).map((e) => `run${e.instancePath.replace(/\//g, '.')} ${e.message ?? ''}`.trim()).join('; ');
    throw new FrozenPlanError(`${file}: its run settings are not valid (${problems})`, {
      hint: 'never edit a frozen plan; set checkpoint, checkpoint_every_s and keep in the sweep file and freeze it again (mlp-sweep slurm <file>)',
    });
  }
  const digest = datasetDigest ?? plan.dataset_digest;
  const jobs: Job[] = [];
  plan.jobs.forEach((job: unknown, i) => {
    const message = { ...(job as object), format: JOB_MESSAGE_FORMAT, plan_hash: plan.plan_hash, code_version: plan.code_version, dataset_digest: plan.dataset_digest };
    const check = checkJobMessage(message, { codeVersion: TRAINING_CODE_VERSION, datasetDigest: digest });
    if (!check.ok) throw new FrozenPlanError(`${file}: jobs[${i}] is refused: ${check.reason}`);
    if (check.job.sweep !== plan.sweep) throw new FrozenPlanError(`${file}: jobs[${i}] belongs to sweep "${check.job.sweep}", not "${plan.sweep}"`);
    jobs.push(check.job);
  });
  const hash = planHash({ sweep: plan.sweep, code_version: plan.code_version, dataset_digest: plan.dataset_digest, jobs });
  if (hash !== plan.plan_hash) {
    throw new FrozenPlanError(`${file}: its jobs no longer match its hash ${plan.plan_hash.slice(0, 12)}…: the plan was changed after it was frozen`, {
      hint: 'never edit a frozen plan; change the sweep file and freeze it again (mlp-sweep slurm <file>)',
    });
  }
  const folder = path.basename(path.dirname(path.resolve(file)));
  if (folder !== frozenDirName(plan.plan_hash)) {
    throw new FrozenPlanError(
      `${file}: its hash ${plan.plan_hash.slice(0, 12)}… is not the one its folder ${folder} was named after when it was frozen: ` +
        'the plan was changed (and re-hashed) after it was frozen, or moved',
      { hint: 'never edit or move a frozen plan; change the sweep file and freeze it again (mlp-sweep slurm <file>)' },
    );
  }
  return { ...(plan as FrozenPlan), run, jobs };
}
