/**
 * `mlp-sweep run <file|folder>…`: validate and plan, then run every job not already in the journal
 * on a pool of worker threads, journaling each result as it finishes.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadMnist } from '../../data/mnist.js';
import type { Launcher } from '../../launch/launcher.js';
import type { Dataset } from '../../data/dataset.js';
import { PoolLauncher } from '../../launch/pool.js';
import { takeWarmDataset } from '../../launch/warm-pool.js';
import { runPlans } from '../../run/coordinator.js';
import type { RunEvent, RunSummary } from '../../run/events.js';
import { plainReporter } from '../../run/progress/plain.js';
import { coloursFor } from '../../run/progress/colour.js';
import { SweepFileError } from '../../sweep/errors.js';
import { loadSweeps } from '../../sweep/load.js';
import type { Plan } from '../../sweep/job.js';
import { readJobStatuses } from '../../journal/read.js';
import { otherSourceWarning } from '../../run/plan-source.js';
import { DEFAULT_MAX_JOBS } from '../../sweep/planner.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes.js';
import { parseInteger, runSettingsFromFlags } from '../options.js';
import { onStopSignals } from '../signals.js';
import { addResourceOptions, type ResourceCliOptions, resourceLimits } from '../resource-limits.js';
import { printSweepFileError } from '../sweep-errors.js';
import { formatDiagnostic } from '../../sweep/diagnostics.js';
import type { MlpSweepError } from '../../errors.js';
import { ReportRefresher } from '../refresh-report.js';
import { ReportProcess } from '../report-process.js';
import { addCoordinatorQueueOptions, type CoordinatorCliOptions, openQueueLauncher, queueResumeArguments } from '../queue-options.js';

export interface RunCommandOptions extends Partial<CoordinatorCliOptions>, ResourceCliOptions {
  workers: number;
  results: string;
  force?: boolean;
  breakLock?: boolean;
  retryFailed?: boolean;
  failFast?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
  inProcess?: boolean;
  maxJobs: number;
  report: boolean;
  /** Commander's `--no-checkpoint` sets this false; true otherwise (the sweep file decides). */
  checkpoint: boolean;
  keepModels?: boolean;
}

const HELP_AFTER = `
Jobs already in <results>/<sweep>/journal.jsonl are skipped, by id: run the same command again to
resume after a crash, a kill or Ctrl-C, or after adding grid values (only the new points run).

Exit status: 0 every job of the plan ok (or diverged: a non-finite loss is a result, recorded as such);
1 a sweep file is invalid, a job of the plan is failed (in this run or an earlier one) or the report could
not be written; 2 wrong usage; 130 stopped by Ctrl-C, SIGTERM or SIGHUP (all three alike).
Ctrl-C once: no new jobs; running jobs stop at their next batch and write a checkpoint, so the next
run continues them from there; everything finished kept. Twice: quit at once (the journal stays intact,
the lock is released). A job killed outright continues from its last checkpoint (after every epoch, and every
checkpoint_every_s seconds within one): docs/CHECKPOINTS.md.

Examples:
  mlp-sweep run experiments/quick.yaml
  mlp-sweep run experiments/ --workers 2 --results /data/results
  mlp-sweep run experiments/init-methods.yaml --retry-failed
  mlp-sweep run experiments/ --queue redis://10.0.0.5:6379    (then on any machine: mlp-sweep worker --queue …)`;

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run sweeps on every core: plan, train each job not yet done, journal and report the results')
    .argument('<paths...>', 'sweep files (.yaml), or folders of them')
    .option('--workers <n>', 'worker threads, one job each', parseInteger(1), availableParallelism())
    .option('--results <dir>', 'results root: each sweep writes <dir>/<sweep name>/', 'results')
    .option('--force', 'rerun every job, even those already in the journal')
    .option('--retry-failed', 'rerun jobs whose latest record failed or diverged')
    .option('--fail-fast', 'stop at the first failed job')
    .option('--quiet', 'print only the final summary and errors')
    .option('--verbose', 'in plain (piped) output, also print every epoch of every job')
    .option('--json', 'stream progress events as JSON lines on stdout')
    .option('--in-process', 'run jobs one at a time on the main thread (debugging, profiling)')
    .option('--no-report', 'do not refresh the report as jobs finish')
    .option('--keep-models', "keep every finished job's trained weights in <results>/<sweep>/models/ (as `keep: final`)")
    .option('--no-checkpoint', 'write no checkpoints (as `checkpoint: false`): a killed job starts again from epoch 0')
    .option('--break-lock', "take a sweep's lock even though a run seems to hold it (when you know that run is gone)")
    .option('--max-jobs <n>', 'refuse a sweep with more jobs than this', parseInteger(1), DEFAULT_MAX_JOBS);
  // --queue and its Redis options: jobs go to `mlp-sweep worker`s instead of a local pool
  addCoordinatorQueueOptions(addResourceOptions(command))
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], options: RunCommandOptions) => {
      process.exitCode = await runCommand(paths, options);
    });
}

function resumeCommand(paths: readonly string[], options: RunCommandOptions): string {
  const results = options.results === 'results' ? '' : ` --results ${options.results}`;
  const keep = `${options.keepModels ? ' --keep-models' : ''}${options.checkpoint === false ? ' --no-checkpoint' : ''}`;
  return `mlp-sweep run ${paths.join(' ')}${results}${keep}${queueResumeArguments(options)}`;
}

/** How progress is shown: JSON lines, only the summary and failures, a live display, or plain lines. */
async function progressDisplay(options: RunCommandOptions, resume: string): Promise<{ onEvent: (event: RunEvent) => void; stop: () => void }> {
  const writeLine = (line: string): void => void process.stdout.write(`${line}\n`);
  if (options.json) return { onEvent: (event) => writeLine(JSON.stringify(event)), stop: () => {} };
  if (options.quiet) {
    const plain = plainReporter(writeLine, resume);
    const shown = (event: RunEvent): boolean =>
      event.type === 'done' || event.type === 'warning' || (event.type === 'job-end' && event.status === 'failed');
    return { onEvent: (event) => (shown(event) ? plain(event) : undefined), stop: () => {} };
  }
  if (process.stdout.isTTY) {
    // log-update and its terminal helpers load only for a terminal
    const live = (await import('../../run/progress/live.js')).liveReporter(resume);
    return { onEvent: live.onEvent, stop: live.stop };
  }
  const colours = coloursFor(process.stdout);
  return { onEvent: plainReporter(writeLine, resume, { verbose: options.verbose, colours }), stop: () => {} };
}

/** The launcher the options ask for: the queue, one job at a time on this thread, or a pool of threads. */
async function openLauncher(
  options: RunCommandOptions,
  plans: readonly Plan[],
  dataset: () => Dataset,
  onLost: (error: MlpSweepError) => void,
): Promise<Launcher> {
  if (options.queue) return openQueueLauncher({ ...(options as CoordinatorCliOptions), queue: options.queue }, plans, dataset().digest, onLost);
  // the training code loads on this thread only when jobs run here
  if (options.inProcess) return new (await import('../../launch/in-process.js')).InProcessLauncher(dataset());
  const jobs = plans.reduce((n, p) => n + p.jobs.length, 0);
  // one thread per job at most, but the cores of the --workers asked for: a lone job takes them all
  return new PoolLauncher(dataset, { workers: Math.max(1, Math.min(options.workers, jobs)), cores: options.workers });
}

/**
 * A second Ctrl-C: quit now, from outside the signal handler. Every journal record is written by one
 * synchronous write + fsync, which a signal cannot interrupt, so the journal is intact; the locks are
 * released on the way out (journal/lock.ts releases them on exit).
 */
function quitAtOnce(stopDisplay: () => void, resume: string): void {
  stopDisplay();
  process.stderr.write(`\nquit at once; resume with: ${resume}\n`);
  process.exit(EXIT_INTERRUPTED);
}

/** Each sweep's full report (job figures included), once the run is over; false when one was not written. */
async function writeFinalReports(summary: RunSummary, options: RunCommandOptions, reports: ReportProcess): Promise<boolean> {
  let written = true;
  for (const dir of summary.dirs) {
    try {
      const report = await reports.write(dir, true);
      for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
      if (!options.json) process.stdout.write(`report: ${report.summary}\n`);
    } catch (error) {
      // the journal holds every result; `mlp-sweep report` rebuilds the report once the cause is fixed
      process.stderr.write(`mlp-sweep: the report of ${dir} was not written: ${(error as Error).message}\n`);
      written = false;
    }
  }
  return written;
}

function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return EXIT_INTERRUPTED;
  return summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

export async function runCommand(paths: readonly string[], options: RunCommandOptions): Promise<number> {
  let loaded;
  try {
    loaded = await loadSweeps(paths, { maxJobs: options.maxJobs, resources: resourceLimits(options) });
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    printSweepFileError(error, 'nothing was run');
    return EXIT_FAILED;
  }
  for (const sweep of loaded) for (const notice of sweep.notices) process.stderr.write(`${formatDiagnostic(notice)}\n`);
  for (const { plan } of loaded) {
    const warning = otherSourceWarning(path.join(options.results, plan.sweep), plan);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }

  const resume = resumeCommand(paths, options);
  const display = await progressDisplay(options, resume);
  // once: no new jobs, running ones stopped; twice: quit now (quitAtOnce, on the quit signal). From
  // here to the end of the command, final reports included, so no signal meets Node's default handler.
  const stop = new AbortController();
  const quit = new AbortController();
  quit.signal.addEventListener('abort', () => quitAtOnce(display.stop, resume), { once: true });
  const signals = onStopSignals((count) => (count === 1 ? stop : quit).abort());
  try {
    return await runLoaded(loaded, options, display, stop);
  } finally {
    signals.dispose();
  }
}

async function runLoaded(
  loaded: readonly { plan: Plan }[],
  options: RunCommandOptions,
  display: { onEvent: (event: RunEvent) => void; stop: () => void },
  stop: AbortController,
): Promise<number> {
  const stopSignal = stop.signal;
  const plans = loaded.map((l) => l.plan);
  // a queue whose Redis stays away past its limit stops the run as the first Ctrl-C would, then exits 1
  let lost: MlpSweepError | null = null;
  // loading since the command line was read, on a thread of its own, when the warm start began it
  const dataset = await (takeWarmDataset() ?? loadMnist());
  const launcher = await openLauncher(options, plans, () => dataset, (error) => {
    lost = error;
    stop.abort();
  });
  const reports = options.report ? new ReportProcess() : null;
  const refresher = reports ? new ReportRefresher((message) => display.onEvent({ type: 'warning', message }), { refresh: (dir) => reports.write(dir, false) }) : null;
  let summary: RunSummary;
  try {
    summary = await runPlans(plans, launcher, {
      resultsDir: options.results,
      force: options.force,
      retryFailed: options.retryFailed,
      failFast: options.failFast,
      signal: stopSignal,
      onEvent: display.onEvent,
      afterRecord: refresher ? (dir) => refresher.requested(dir) : undefined,
      run: runSettingsFromFlags(options),
      breakLock: options.breakLock,
    });
  } catch (error) {
    await reports?.close();
    throw error;
  } finally {
    refresher?.close();
    await launcher.close();
    display.stop();
  }
  let reported = true;
  if (reports) {
    try {
      reported = await writeFinalReports(summary, options, reports);
    } finally {
      await reports.close();
    }
  }
  if (lost !== null) {
    process.stderr.write(`mlp-sweep run: ${(lost as MlpSweepError).describe()}\n`);
    return EXIT_FAILED;
  }
  // a stop during the final reports counts as an interruption too
  if (stopSignal.aborted || summary.interrupted) return EXIT_INTERRUPTED;
  // the exit status is the sweep's state, not this run's: a job that failed earlier and was skipped still fails it
  const failed = failedInJournal(plans, options.results);
  if (failed > summary.failed && !options.json) {
    process.stdout.write(`${failed} job${failed === 1 ? '' : 's'} of the plan failed (now or earlier): exit status 1; --retry-failed reruns them\n`);
  }
  if (failed > 0) return EXIT_FAILED;
  const code = exitCodeOf(summary);
  return code === EXIT_OK && !reported ? EXIT_FAILED : code;
}

/** Jobs of the plans whose latest journal record is failed. */
function failedInJournal(plans: readonly Plan[], resultsDir: string): number {
  let failed = 0;
  for (const plan of plans) {
    const statuses = readJobStatuses(path.join(resultsDir, plan.sweep));
    failed += plan.jobs.filter((job) => statuses.get(job.id) === 'failed').length;
  }
  return failed;
}
