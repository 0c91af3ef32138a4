/**
 * `mlp-sweep slurm <file>`: freeze the jobs of a sweep not yet in its journal, and write the sbatch
 * script of a job array that runs them, K at a time; `mlp-sweep collect` journals their records.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunSettings } from '../../core/run-settings.js';
import { loadMnist } from '../../data/mnist.js';
import { freezeSweep } from '../../distributed/slurm/freeze.js';
import { shellQuote } from '../../distributed/slurm/sbatch.js';
import { type Diagnostic, formatDiagnostic } from '../../sweep/diagnostics.js';
import { parseSweepSource } from '../../sweep/parse.js';
import { locate } from '../../sweep/positions.js';
import { rungEpochs } from '../../sweep/search/rungs.js';
import type { EarlyStopping } from '../../sweep/search/search.js';
import { SweepFileError } from '../../sweep/errors.js';
import { loadSweepFile } from '../../sweep/load.js';
import { DEFAULT_MAX_JOBS } from '../../sweep/planner.js';
import { parseInteger, runSettingsFromFlags } from '../options.js';
import { printSweepFileError } from '../sweep-errors.js';

interface SlurmOptions {
  results: string;
  maxParallel: number;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  command?: string;
  force?: boolean;
  retryFailed?: boolean;
  maxJobs: number;
  /** Commander's `--no-checkpoint` sets this false; true otherwise (the sweep file decides). */
  checkpoint: boolean;
  keepModels?: boolean;
}

const HELP_AFTER = `
The frozen plan, its script and the tasks' records go to <results>/<sweep>/slurm/<plan hash>/. Each task
runs one job on one CPU and writes its record to its own file; the journal is written only by collect.
Jobs already in the journal are left out, as with run (--retry-failed, --force to include them).

Examples:
  mlp-sweep slurm experiments/hyperparameter-grid.yaml --max-parallel 64 --partition cpu --time 02:00:00
  sbatch results/hyperparameter-grid/slurm/3f2a9c1b04de/array.sbatch
  mlp-sweep collect results/hyperparameter-grid`;

export function registerSlurm(program: Command): void {
  program
    .command('slurm')
    .description('write a frozen plan and the sbatch script of a Slurm job array that runs its jobs')
    .argument('<file>', 'a sweep file (.yaml)')
    .option('--results <dir>', 'results root: the sweep writes <dir>/<sweep name>/', 'results')
    .option('--max-parallel <k>', 'array tasks running at once (the %K of --array)', parseInteger(1), 16)
    .option('--partition <name>', 'Slurm partition (#SBATCH --partition)')
    .option('--account <name>', 'Slurm account (#SBATCH --account)')
    .option('--time <limit>', 'time limit of each task, e.g. 00:30:00 (#SBATCH --time)')
    .option('--mem <size>', 'memory of each task, e.g. 2G (#SBATCH --mem)')
    .option('--command <cmd>', 'how a compute node starts mlp-sweep (default: this node and CLI, by absolute path)')
    .option('--force', 'include every job, even those already in the journal')
    .option('--retry-failed', 'include jobs whose latest record failed or diverged')
    .option('--max-jobs <n>', 'refuse a sweep with more jobs than this', parseInteger(1), DEFAULT_MAX_JOBS)
    .option('--keep-models', "tasks keep each job's trained weights; collect moves them to <results>/<sweep>/models/ (as `keep: final`)")
    .option('--no-checkpoint', 'tasks write no checkpoints (as `checkpoint: false`): a requeued task starts again from epoch 0')
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string, options: SlurmOptions) => {
      process.exitCode = await slurmCommand(file, options);
    });
}

function runLine(run: RunSettings): string {
  const checkpoints = run.checkpoint ? `checkpoint after every epoch and every ${run.checkpoint_every_s} s within one` : 'write no checkpoints';
  return `${checkpoints}; ${run.keep === 'final' ? 'keep their trained models' : 'keep no models'}`;
}

/**
 * Why a search with early stopping is not frozen, at the file's early_stopping key. A frozen array runs a
 * fixed list of jobs, and ASHA decides which rung runs exist from the results before them (docs/DISTRIBUTED.md
 * says why an array per rung is not done). Its hint gives a file that freezes: the trials in full.
 */
function earlyStoppingRefusal(file: string, stopping: EarlyStopping, jobs: number): Diagnostic {
  const rungs = rungEpochs(stopping).join(', ');
  const problem = {
    path: ['early_stopping'],
    atKey: true,
    message:
      'a Slurm array runs a fixed list of jobs, and ASHA decides each rung\'s runs from the results of the rung before, as they ' +
      'arrive: run the search with a coordinator, `mlp-sweep run` here or with --queue and `mlp-sweep worker`s (which may ' +
      'themselves be Slurm jobs)',
    got: `method: asha, rungs of ${rungs} epochs`,
    hint: `or, to train every trial in full on Slurm, delete early_stopping and add epochs: ${stopping.maxEpochs} to fixed (${jobs} jobs of ${stopping.maxEpochs} epochs)`,
  };
  try {
    return locate(parseSweepSource(readFileSync(file, 'utf8'), file), problem);
  } catch {
    return { file, line: 1, col: 1, path: 'early_stopping', message: problem.message, got: problem.got, hint: problem.hint, severity: 'error' };
  }
}

export async function slurmCommand(file: string, options: SlurmOptions): Promise<number> {
  let loaded;
  try {
    loaded = await loadSweepFile(file, { maxJobs: options.maxJobs });
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    printSweepFileError(error, 'nothing was written');
    return 1;
  }
  for (const notice of loaded.notices) process.stderr.write(`${formatDiagnostic(notice)}\n`);
  if (loaded.plan.earlyStopping) {
    process.stderr.write(`${formatDiagnostic(earlyStoppingRefusal(file, loaded.plan.earlyStopping, loaded.plan.jobs.length))}\nnothing was written\n`);
    return 1;
  }
  const out = await freezeSweep({ ...options, run: runSettingsFromFlags(options), plan: loaded.plan, resultsDir: options.results, datasetDigest: loadMnist().digest });
  const { skipped } = out;
  const kept = skipped.ok + skipped.failed + skipped.diverged;
  const already = kept > 0 ? `, ${kept} already in the journal (${skipped.ok} ok, ${skipped.failed} failed, ${skipped.diverged} diverged)` : '';
  if (out.frozen === null) {
    process.stdout.write(`${loaded.plan.sweep}: ${loaded.plan.jobs.length} jobs${already}: nothing to submit\n`);
    return 0;
  }
  const n = out.frozen.jobs.length;
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
  process.stdout.write(
    [
      `${loaded.plan.sweep}: ${loaded.plan.jobs.length} jobs, ${n} frozen${already}`,
      `  frozen plan: ${rel(out.planFile!)} (hash ${out.frozen.plan_hash.slice(0, 12)}…)`,
      `  script:      ${rel(out.scriptFile!)} (--array=0-${n - 1}%${Math.min(options.maxParallel, n)})`,
      `  tasks:       ${runLine(out.frozen.run)}`,
      `submit with:   sbatch ${shellQuote(rel(out.scriptFile!))}`,
      `then collect:  mlp-sweep collect ${shellQuote(rel(out.sweepDir))}`,
      '',
    ].join('\n'),
  );
  return 0;
}
