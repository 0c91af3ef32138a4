/**
 * `mlp-sweep collect <results folder>…`: journal the records written by Slurm array tasks, idempotently,
 * and refresh the report. Says which tasks have no record yet, and how to resubmit them.
 */
import type { Command } from 'commander';
import { collectSweep } from '../../distributed/slurm/collect.js';
import { shellQuote } from '../../distributed/slurm/sbatch.js';
import { refreshReport } from '../refresh-report.js';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description("journal the records of a sweep's Slurm array tasks (idempotent) and refresh its report")
    .argument('<dirs...>', 'sweep results folders, such as results/<sweep>')
    .option('--no-report', 'do not refresh the report')
    .addHelpText(
      'after',
      '\nRun it as often as you like, while tasks still run or after: a record already in the journal is never\n' +
        'added twice. Exit status: 0 every frozen job has a record; 1 some have none yet (listed, with the\n' +
        'sbatch command that resubmits them), or a folder holds no frozen plan.',
    )
    .action(async (dirs: string[], options: { report: boolean }) => {
      process.exitCode = await collectCommand(dirs, options);
    });
}

/** "0-2,5,7-8": the --array syntax, for resubmitting. */
export function arrayRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j;
  }
  return parts.join(',');
}

export async function collectCommand(dirs: readonly string[], options: { report: boolean }): Promise<number> {
  let incomplete = false;
  for (const dir of dirs) {
    const result = collectSweep(dir);
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    if (result.plans === 0) {
      process.stderr.write(
        result.refused > 0
          ? `${dir}: ${result.refused} frozen plan${result.refused === 1 ? ' was' : 's were'} refused (warnings above): nothing collected\n`
          : `${dir}: no frozen plan in ${dir}/slurm (written by \`mlp-sweep slurm <file>\`)\n`,
      );
      incomplete = true;
      continue;
    }
    process.stdout.write(
      `${dir}: ${result.appended.length} new record${result.appended.length === 1 ? '' : 's'} journaled, ` +
        `${result.already} already in the journal (${result.plans} frozen plan${result.plans === 1 ? '' : 's'}` +
        `${result.refused > 0 ? `, ${result.refused} refused` : ''})\n`,
    );
    for (const missing of result.missing) {
      incomplete = true;
      process.stdout.write(
        `  no record yet for task${missing.indices.length === 1 ? '' : 's'} ${arrayRanges(missing.indices)} of ${missing.script}\n` +
          `  once they are no longer running, resubmit: sbatch --array=${arrayRanges(missing.indices)} ${shellQuote(missing.script)}\n`,
      );
    }
    if (options.report) {
      try {
        const report = await refreshReport(dir, true);
        for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(`report: ${report.summary}\n`);
      } catch (error) {
        process.stderr.write(`warning: the report of ${dir} was not written: ${(error as Error).message}\n`);
      }
    }
  }
  return incomplete ? 1 : 0;
}
