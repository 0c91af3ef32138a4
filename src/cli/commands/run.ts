/**
 * `mlp-sweep run <file|folder>…`: validate and plan, then run every job not already in the journal
 * on a pool of worker threads, journaling each result as it finishes.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { loadMnist } from '../../data/mnist.js';
import { InProcessLauncher } from '../../launch/in-process.js';
import type { Launcher } from '../../launch/launcher.js';
import { PoolLauncher } from '../../launch/pool.js';
import { runPlans } from '../../run/coordinator.js';
import type { RunEvent, RunSummary } from '../../run/events.js';
import { liveReporter } from '../../run/progress/live.js';
import { plainReporter } from '../../run/progress/plain.js';
import { SweepFileError } from '../../sweep/errors.js';
import { loadSweeps } from '../../sweep/load.js';
import { DEFAULT_MAX_JOBS } from '../../sweep/planner.js';
import { parseInteger } from '../options.js';
import { printSweepFileError } from '../sweep-errors.js';
import { formatDiagnostic } from '../../sweep/diagnostics.js';
import { refreshReport } from '../refresh-report.js';
import { addCoordinatorQueueOptions, type CoordinatorCliOptions, openQueueLauncher, queueResumeArguments } from '../queue-options.js';

export interface RunCommandOptions extends Partial<CoordinatorCliOptions> {
  workers: number;
  results: string;
  force?: boolean;
  retryFailed?: boolean;
  failFast?: boolean;
  quiet?: boolean;
  json?: boolean;
  inProcess?: boolean;
  maxJobs: number;
  report: boolean;
}

const HELP_AFTER = `
Jobs already in <results>/<sweep>/journal.jsonl are skipped, by id: run the same command again to
resume after a crash, a kill or Ctrl-C, or after adding grid values (only the new points run).

Exit status: 0 every job ok (or diverged: a non-finite loss is a result, recorded as such);
1 a sweep file is invalid or a job failed; 2 wrong usage; 130 stopped by Ctrl-C or SIGTERM.
Ctrl-C once: no new jobs, running jobs stopped, everything finished kept. Twice: quit at once
(the journal stays intact).

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
    .option('--json', 'stream progress events as JSON lines on stdout')
    .option('--in-process', 'run jobs one at a time on the main thread (debugging, profiling)')
    .option('--no-report', 'do not refresh the report as jobs finish')
    .option('--max-jobs <n>', 'refuse a sweep with more jobs than this', parseInteger(1), DEFAULT_MAX_JOBS);
  // --queue and its Redis options: jobs go to `mlp-sweep worker`s instead of a local pool
  addCoordinatorQueueOptions(command)
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], options: RunCommandOptions) => {
      process.exitCode = await runCommand(paths, options);
    });
}

function resumeCommand(paths: readonly string[], options: RunCommandOptions): string {
  const results = options.results === 'results' ? '' : ` --results ${options.results}`;
  return `mlp-sweep run ${paths.join(' ')}${results}${queueResumeArguments(options)}`;
}

export async function runCommand(paths: readonly string[], options: RunCommandOptions): Promise<number> {
  let loaded;
  try {
    loaded = await loadSweeps(paths, { maxJobs: options.maxJobs });
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    printSweepFileError(error, 'nothing was run');
    return 1;
  }
  for (const sweep of loaded) for (const notice of sweep.notices) process.stderr.write(`${formatDiagnostic(notice)}\n`);

  const resume = resumeCommand(paths, options);
  let onEvent: (event: RunEvent) => void;
  let stopDisplay = (): void => {};
  if (options.json) {
    onEvent = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
  } else if (options.quiet) {
    const plain = plainReporter((line) => process.stdout.write(`${line}\n`), resume);
    onEvent = (event) => {
      if (event.type === 'done' || event.type === 'warning' || (event.type === 'job-end' && event.status === 'failed')) plain(event);
    };
  } else if (process.stdout.isTTY) {
    const live = liveReporter(resume);
    onEvent = live.onEvent;
    stopDisplay = live.stop;
  } else {
    onEvent = plainReporter((line) => process.stdout.write(`${line}\n`), resume);
  }

  const dataset = loadMnist();
  const plans = loaded.map((l) => l.plan);
  const toRun = plans.reduce((n, p) => n + p.jobs.length, 0);
  const launcher: Launcher = options.queue
    ? await openQueueLauncher({ ...(options as CoordinatorCliOptions), queue: options.queue }, plans, dataset.digest)
    : options.inProcess
    ? new InProcessLauncher(dataset)
    : new PoolLauncher(dataset, { workers: Math.max(1, Math.min(options.workers, toRun)) });

  const stop = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (signals === 1) {
      stop.abort();
      return;
    }
    // a second Ctrl-C: quit now. Every journal record is written by one synchronous write + fsync,
    // which a signal handler cannot interrupt, so the journal is intact; the lock is left behind
    // and recognised as stale (its process is gone) by the next run.
    stopDisplay();
    process.stderr.write(`\nquit at once; resume with: ${resume}\n`);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: RunSummary;
  try {
    summary = await runPlans(plans, launcher, {
      resultsDir: options.results,
      force: options.force,
      retryFailed: options.retryFailed,
      failFast: options.failFast,
      signal: stop.signal,
      onEvent,
      afterRecord: options.report ? async (dir) => void (await refreshReport(dir)) : undefined,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await launcher.close();
    stopDisplay();
  }
  if (options.report) {
    for (const dir of summary.dirs) {
      try {
        const report = await refreshReport(dir, true);
        for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (!options.json) process.stdout.write(`report: ${report.summary}\n`);
      } catch (error) {
        process.stderr.write(`warning: the report of ${dir} was not written: ${(error as Error).message}\n`);
      }
    }
  }
  if (summary.interrupted) return 130;
  return summary.failed > 0 ? 1 : 0;
}
