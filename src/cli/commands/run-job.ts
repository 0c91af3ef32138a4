/**
 * `mlp-sweep run-job <plan> --index i`: one Slurm array task, job i of a frozen plan, its record
 * written to records/<job id>.json beside the plan. Slurm's sbatch script calls it; so can anyone.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadMnist } from '../../data/mnist.js';
import { runFrozenJob } from '../../distributed/slurm/run-job.js';
import { duration, pct } from '../../run/progress/format.js';
import { jobLabel } from '../../sweep/label.js';
import { EXIT_INTERRUPTED, EXIT_USAGE } from '../exit-codes.js';
import { parseInteger } from '../options.js';

export function registerRunJob(program: Command): void {
  program
    .command('run-job')
    .description("run one job of a frozen plan (a Slurm array task) and write its record to the plan's records/")
    .argument('<plan>', 'a frozen plan.json written by `mlp-sweep slurm`')
    .option('--index <i>', 'the job to run, from 0 (default: $SLURM_ARRAY_TASK_ID)', parseInteger(0))
    .addHelpText(
      'after',
      '\nExit status: 0 the job ended ok or diverged; 1 it failed (its record is written) or the plan was refused;\n' +
        '2 wrong usage; 130 stopped by SIGINT or SIGTERM (no record: the task can run again).',
    )
    .action(async (plan: string, options: { index?: number }) => {
      process.exitCode = await runJobCommand(plan, options);
    });
}

export async function runJobCommand(plan: string, options: { index?: number }): Promise<number> {
  const fromEnv = process.env.SLURM_ARRAY_TASK_ID;
  const index = options.index ?? (fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : undefined);
  if (index === undefined) {
    process.stderr.write('mlp-sweep run-job: give --index <i> (or run it as a Slurm array task, with SLURM_ARRAY_TASK_ID set)\n');
    return EXIT_USAGE;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  // Slurm sends SIGTERM at the time limit or on preemption: stop the job, write nothing, let it rerun
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const run = await runFrozenJob(path.resolve(plan), index, loadMnist(), stop.signal, (job, of) =>
      process.stdout.write(`job ${index} of ${of}: ${jobLabel(job)} [${job.id}] running\n`),
    );
    const { record } = run;
    if (record === null) {
      process.stdout.write(`stopped before the job ended: no record written; the task can run again\n`);
      return EXIT_INTERRUPTED;
    }
    const last = record.epochs.at(-1);
    const what =
      record.status === 'failed'
        ? `FAILED: ${record.error?.message}`
        : `${record.status === 'diverged' ? 'DIVERGED, ' : ''}validation ${pct(last ? last.validation_accuracy : null)}, test ${pct(record.test ? record.test.accuracy : null)}`;
    process.stdout.write(`${record.status === 'ok' ? '✓' : '✗'} ${what} (${duration(record.wall_seconds)}) → ${run.file}\n`);
    return record.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
