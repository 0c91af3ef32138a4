/**
 * `mlp-sweep plan <file|folder>…`: checks sweep files and shows the jobs they would run, without running
 * anything. Exit 0 when every file is valid; 1 with every problem on stderr when not; 2 for wrong usage.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { readJobStatuses } from '../../journal/read.js';
import { formatDiagnostic } from '../../sweep/diagnostics.js';
import { SweepFileError } from '../../sweep/errors.js';
import { loadSweeps } from '../../sweep/load.js';
import { DEFAULT_MAX_JOBS } from '../../sweep/planner.js';
import { parseInteger } from '../options.js';
import { addResourceOptions, type ResourceCliOptions, resourceLimits } from '../resource-limits.js';
import { printSweepFileError } from '../sweep-errors.js';
import { COMPACT_ABOVE, formatPlanText, planToJson, type PlannedSweep, type ThroughputBasis } from './plan-view.js';
import { journalRates } from '../../calibrate/from-journal.js';
import { shapeKey } from '../../calibrate/shape.js';
import { autoKernels, calibrate } from '../../calibrate/calibrate.js';
import { formatDuration } from '../../duration.js';
import type { Job } from '../../sweep/job.js';
import { THROUGHPUT_GFLOPS } from '../../sweep/estimate.js';
import type { TrainSettings } from '../../core/settings.js';
import { otherSourceWarning } from '../../run/plan-source.js';

export interface PlanCommandOptions extends ResourceCliOptions {
  json?: boolean;
  all?: boolean;
  results: string;
  maxJobs: number;
  workers: number;
}

const HELP_AFTER = `
Each sweep file is checked (YAML, schema, settings, combinations) and planned; nothing is run.
Problems are printed one per line as  file:line:col: path: what is wrong (got X)
The format of sweep files: docs/SWEEP-FILES.md.

Exit status: 0 all files valid, 1 a file has problems, 2 wrong usage.

Examples:
  mlp-sweep plan experiments/quick.yaml
  mlp-sweep plan experiments/ --json
  mlp-sweep plan big.yaml --max-jobs 50000`;

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('check sweep files and show the jobs they would run, with their status and an estimate of the work')
    .argument('<paths...>', 'sweep files (.yaml), or folders of them')
    .option('--json', 'print the plan as JSON')
    .option('--all', `list every job, also in a plan of more than ${COMPACT_ABOVE} (otherwise its first and last ones)`)
    .option('--results <dir>', 'the results folder, to show which jobs already have results', 'results')
    .option('--max-jobs <n>', 'refuse a sweep with more jobs than this', parseInteger(1), DEFAULT_MAX_JOBS)
    .option('--workers <n>', 'workers assumed by the time estimate', parseInteger(1), availableParallelism());
  addResourceOptions(command)
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], options: PlanCommandOptions) => {
      process.exitCode = await runPlan(paths, options);
    });
}

/** The command's work, returning the exit code; output goes to stdout, problems and notices to stderr. */
export async function runPlan(paths: readonly string[], options: PlanCommandOptions): Promise<number> {
  let planned: PlannedSweep[];
  try {
    const loaded = await loadSweeps(paths, { maxJobs: options.maxJobs, resources: resourceLimits(options) });
    planned = loaded.map((sweep) => ({
      ...sweep,
      statuses: readJobStatuses(path.join(options.results, sweep.sweep.name), (message) => process.stderr.write(`warning: ${message}\n`)),
    }));
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    printSweepFileError(error, 'nothing was planned');
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: error.diagnostics }, null, 2)}\n`);
    return 1;
  }
  for (const sweep of planned) {
    for (const notice of sweep.notices) process.stderr.write(`${formatDiagnostic(notice)}\n`);
    const warning = otherSourceWarning(path.join(options.results, sweep.plan.sweep), sweep.plan);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }
  const basis = await throughputBasis(options.results, planned.flatMap((sweep) => sweep.plan.jobs));
  const output = options.json
    ? `${JSON.stringify(planToJson(planned, options.workers, basis), null, 2)}\n`
    : formatPlanText(planned, options.workers, basis, { all: options.all });
  process.stdout.write(output);
  return 0;
}

/**
 * Time estimates, per job, from the best source there is: what finished jobs of the same shape under the
 * results folder took; else a short calibration of the shape on this machine (cached per machine,
 * src/calibrate/); else benchmark defaults. `auto` stands for the set it picks here.
 */
export async function throughputBasis(resultsRoot: string, jobs: readonly Job[] = []): Promise<ThroughputBasis> {
  const measured = journalRates(resultsRoot);
  const rates = { ...THROUGHPUT_GFLOPS };
  const picked = autoKernels();
  const keyOf = (settings: TrainSettings): string => shapeKey({ ...settings, kernels: settings.kernels === 'auto' ? picked : settings.kernels });
  const fromJournal = jobs.filter((job) => measured.has(keyOf(job.settings)));
  const uncalibrated = jobs.filter((job) => !measured.has(keyOf(job.settings)));
  const calibration = uncalibrated.length > 0 ? await calibrate(uncalibrated) : undefined;
  const sources: ThroughputBasis['sources'] = {};
  for (const kernels of new Set(jobs.map((job) => job.settings.kernels))) {
    const parts: string[] = [];
    const shapes = new Set(fromJournal.filter((job) => job.settings.kernels === kernels).map((job) => keyOf(job.settings)));
    if (shapes.size > 0) {
      const n = [...shapes].reduce((sum, key) => sum + measured.get(key)!.jobs, 0);
      parts.push(`measured: ${n} finished job${n === 1 ? '' : 's'} of the same shape in ${resultsRoot}`);
    }
    if (calibration && uncalibrated.some((job) => job.settings.kernels === kernels)) {
      const how = [
        calibration.measured > 0 ? `${calibration.measured} shape${calibration.measured === 1 ? '' : 's'} measured now (${formatDuration(calibration.seconds)})` : '',
        calibration.cached > 0 ? `${calibration.cached} from the cache in ${calibration.cacheDir}` : '',
      ].filter(Boolean);
      parts.push(`calibrated on this machine: ${how.join(', ') || 'nothing could be measured'}`);
    }
    sources[kernels] = `${kernels === 'auto' ? `auto picks ${picked} here; ` : ''}${parts.join('; ')}`;
  }
  const rateOf = (settings: TrainSettings): number =>
    measured.get(keyOf(settings))?.gflops ?? calibration?.rateOf(settings) ?? rates[settings.kernels];
  return { rates, sources, rateOf };
}
