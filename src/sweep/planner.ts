/**
 * The planner: a validated sweep → the list of jobs, a pure and deterministic function (same sweep, same
 * jobs, ids and order).
 *
 * Order (documented in docs/SWEEP-FILES.md):
 *   1. named configurations (`runs:`), in file order;
 *   2. grid combinations in row-major order (the first grid axis outermost, zip rows innermost), less the
 *      excluded ones, with matching include entries merged in;
 *   3. include entries that matched no combination, in file order; or, for a random search, trials 0, 1, …;
 *   4. each of these points once per seed, seeds innermost (in the order `seeds:` lists them);
 *   5. a job equal to an earlier one (same id) is dropped and reported in `merged`.
 *
 * Worked example: grid {init: [zeros, glorot], learning_rate: [0.1, 0.01]}, seeds [1, 2] gives
 *   zeros 0.1 s1, zeros 0.1 s2, zeros 0.01 s1, zeros 0.01 s2, glorot 0.1 s1, … (8 jobs).
 *
 * Checks that need the jobs themselves (a batch larger than the training set, the job limit) are made here
 * and returned as problems: nothing is run before they pass.
 */
import { batchProblem } from '../core/check-settings.js';
import { resolveSettings, type TrainSettings } from '../core/settings.js';
import { type ResourceLimits, resourceProblems } from './resources.js';
import { formatPath, type Path, type Problem } from './diagnostics.js';
import { jobId } from './ids.js';
import type { Job, MergedJob, Plan } from './job.js';
import { applyIncludes, combinationCount, gridPoints, runPoints, type Point } from './points.js';
import { SETTING_NAMES, TRAINING_SET_SIZE, type SettingName } from './schema.js';
import { sampledValueProblems, trialPoints } from './search/trials.js';
import type { Sweep } from './sweep.js';

export const DEFAULT_MAX_JOBS = 10_000;

/**
 * A grid this many times over the limit is refused without being walked, so that a grid whose excludes
 * would remove almost everything still cannot make the planner loop for a long time.
 */
const WALK_FACTOR = 100;

export interface PlanOptions {
  /** Refuse a plan with more jobs than this. */
  maxJobs?: number;
  /** Refuse jobs that need more memory or time than these (none checked when absent). */
  resources?: ResourceLimits;
}

/** `notices`: things worth saying that do not make the plan invalid (an exclude that removes nothing). */
export type Planning = { ok: true; plan: Plan; notices: Problem[] } | { ok: false; problems: Problem[] };

export function planSweep(sweep: Sweep, options: PlanOptions = {}): Planning {
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  const seeds = sweep.seeds ?? [null];
  const combinations = combinationCount(sweep);
  const anyPoints = sweep.runs.length + combinations + sweep.include.length + (sweep.search?.trials ?? 0);
  const upperBound = Math.max(anyPoints, 1) * seeds.length;
  const tooMany = (count: string): Planning => ({ ok: false, problems: [limitProblem(sweep, maxJobs, count)] });
  if (upperBound > maxJobs * WALK_FACTOR) return tooMany(`up to ${upperBound} jobs`);

  const excludeHits: boolean[] = [];
  const grid = gridPoints(sweep, Math.floor(maxJobs / seeds.length), excludeHits);
  if (grid.length * seeds.length > maxJobs) return tooMany(`up to ${upperBound} jobs`);
  const added = applyIncludes(sweep, grid);
  const trials = sweep.search === null ? [] : trialPoints(sweep.search);
  const sampled = sweep.search === null ? [] : sampledValueProblems(sweep.search, trials);
  if (sampled.length > 0) return { ok: false, problems: sampled };
  const points = [...runPoints(sweep), ...grid, ...added, ...trials];
  if (anyPoints === 0) points.push({ values: {}, sources: {}, origin: [], name: null, label: 'the fixed settings' });
  if (points.length * seeds.length > maxJobs) return tooMany(`up to ${upperBound} jobs`);

  const jobs: Job[] = [];
  const merged: MergedJob[] = [];
  const firstById = new Map<string, { job: Job; point: Point }>();
  const problems = new Map<string, Problem>();
  for (const point of points) {
    seeds.forEach((seed, s) => {
      const partial = seed === null ? { ...sweep.fixed, ...point.values } : { ...sweep.fixed, ...point.values, seed };
      // Early stopping trains a trial for up to max_epochs: that is its epochs (and its id's).
      if (sweep.earlyStopping) partial.epochs = sweep.earlyStopping.maxEpochs;
      const settings = resolveSettings(partial as Partial<TrainSettings>);
      // a limit of the whole training set or more is no limit: the same job as none, under one id
      if (settings.train_limit !== null && settings.train_limit >= TRAINING_SET_SIZE) settings.train_limit = null;
      const sources = seed === null ? point.sources : { ...point.sources, seed: ['seeds', s] };
      for (const problem of batchProblems(settings, sweep, sources)) problems.set(formatPath(problem.path), problem);
      if (options.resources) {
        for (const problem of resourceProblems(settings, sweep, sources, options.resources)) problems.set(formatPath(problem.path), problem);
      }
      const id = jobId(sweep.kind, settings);
      const first = firstById.get(id);
      if (first) {
        const seedText = seed === null ? '' : ` with seed ${seed}`;
        merged.push({
          id,
          keptIndex: first.job.index,
          kept: `${first.point.label}${seedText}`,
          dropped: `${point.label}${seedText}`,
          droppedAt: point.origin,
        });
        return;
      }
      const job: Job = { id, index: jobs.length, kind: sweep.kind, sweep: sweep.name, name: point.name, settings, varying: {} };
      jobs.push(job);
      firstById.set(id, { job, point });
    });
  }
  if (problems.size > 0) return { ok: false, problems: [...problems.values()] };
  markVarying(jobs);
  const notices: Problem[] = sweep.exclude.flatMap((_, i) =>
    excludeHits[i]
      ? []
      : [{ path: sweep.excludeAt?.[i] ?? ['exclude', i], message: 'matches no grid combination, so it removes nothing', hint: 'check its values against the grid axes', severity: 'notice' as const }],
  );
  // only a random search says what it sampled (the report's axes), so every other plan stays as it was
  const searched = sweep.search ? { searched: sweep.search.space.map(({ key, distribution }) => ({ key, log: distribution.kind.includes('log') })) } : {};
  return { ok: true, plan: { sweep: sweep.name, description: sweep.description, jobs, merged, run: sweep.run, earlyStopping: sweep.earlyStopping, ...searched }, notices };
}

function limitProblem(sweep: Sweep, maxJobs: number, count: string): Problem {
  const at: Path = sweep.grid.length > 0 ? ['grid'] : sweep.zip.length > 0 ? ['zip'] : sweep.runs.length > 0 ? ['runs'] : [];
  return {
    path: at,
    message: `gives more jobs than the limit of ${maxJobs}`,
    got: count,
    hint: 'shrink the sweep, or raise the limit with --max-jobs',
    atKey: true,
  };
}

function batchProblems(settings: TrainSettings, sweep: Sweep, sources: Point['sources']): Problem[] {
  const where = (key: SettingName): Path | undefined => sources[key] ?? (key in sweep.fixed ? ['fixed', key] : undefined);
  const problem = batchProblem(settings, where('batch_size'), where('train_limit'));
  return problem === undefined ? [] : [problem];
}

/** Fills each job's `varying` with the settings (other than seed) that differ somewhere in the plan. */
function markVarying(jobs: Job[]): void {
  if (jobs.length === 0) return;
  const varying = SETTING_NAMES.filter((key) => {
    if (key === 'seed') return false;
    const first = JSON.stringify(jobs[0].settings[key]);
    return jobs.some((job) => JSON.stringify(job.settings[key]) !== first);
  });
  for (const job of jobs) {
    const values: Record<string, unknown> = {};
    for (const key of varying) values[key] = job.settings[key];
    job.varying = values as Partial<TrainSettings>;
  }
}
