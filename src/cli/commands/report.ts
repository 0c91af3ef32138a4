/**
 * `mlp-sweep report <folder>`: rebuilds a sweep's report (summary.csv, epochs.csv, summary.md, figures)
 * from its journal alone, without retraining. The folder is a sweep's results folder, or a folder of
 * them (every sweep in it is reported). Exit 0 when every report was written; 1 when there is no journal.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { JOURNAL_FILE } from '../../journal/record.js';
import { configurations, loadSweepResults, writeReport, type ReportResult } from '../../report/index.js';
import { topTable } from '../../report/terminal.js';
import { MlpSweepError } from '../../errors.js';

export interface ReportCommandOptions {
  /** Commander's `--no-job-figures` sets this false. */
  jobFigures: boolean;
  /** Also write each figure as PNG. */
  png?: boolean;
  /** Print the best N configurations as a table (files written are then only counted). */
  top?: number;
}

const HELP_AFTER = `
The report is written into the sweep's folder, next to its journal; the runner refreshes it after every
finished job, and this command rebuilds it. Figures whose data did not change are not redrawn.
What each file holds: docs/REPORTS.md.

Examples:
  mlp-sweep report results/quick
  mlp-sweep report results            every sweep under results/
  mlp-sweep report results/quick --top 10    and print its 10 best configurations
  mlp-sweep report results/quick --png       PNG copies of the figures, for papers`;

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the report of a sweep (tables, CSV, figures) from its journal, without retraining')
    .argument('<folder>', "a sweep's results folder (results/<sweep>), or a folder of them (results)")
    .option('--no-job-figures', "skip each job's loss curve (faster for sweeps of hundreds of jobs)")
    .option('--png', 'also write every figure as PNG beside its SVG (for papers and slides)')
    .option('--top <n>', 'print the best <n> configurations as a table', parseTop)
    .addHelpText('after', HELP_AFTER)
    .action(async (folder: string, options: ReportCommandOptions) => {
      process.exitCode = await runReport(folder, options);
    });
}

function parseTop(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--top takes a whole number of configurations, 1 or more (got ${value})`);
  return n;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The folder itself when it has a journal, else its sub-folders that have one, in name order. */
export async function findSweepFolders(folder: string): Promise<string[]> {
  if (await exists(path.join(folder, JOURNAL_FILE))) return [folder];
  const entries = await readdir(folder, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => path.join(folder, e.name)).sort();
  const found: string[] = [];
  for (const candidate of folders) if (await exists(path.join(candidate, JOURNAL_FILE))) found.push(candidate);
  return found;
}

function describe(result: ReportResult, listFiles: boolean): string {
  const lines = [
    `${result.dir}: report of ${result.sweep}, ${result.written.length} file${result.written.length === 1 ? '' : 's'} written` +
      (result.unchanged.length > 0 ? `, ${result.unchanged.length} already up to date` : ''),
    ...(listFiles ? result.written.map((file) => `  ${file}`) : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The command's work, returning the exit code; files written go to stdout, warnings and problems to stderr. */
export async function runReport(
  folder: string,
  options: ReportCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (!(await exists(folder))) {
    err.write(`mlp-sweep: no such folder: ${folder}\n`);
    return 1;
  }
  const sweeps = (await stat(folder)).isDirectory() ? await findSweepFolders(folder) : [];
  if (sweeps.length === 0) {
    err.write(
      `mlp-sweep: no ${JOURNAL_FILE} in ${folder}, nor in any folder directly in it: no job has finished there yet\n` +
        `  hint: give the results folder of a sweep (results/<sweep name>), or the folder that holds them (results)\n`,
    );
    return 1;
  }
  let code = 0;
  for (const dir of sweeps) {
    try {
      const result = await writeReport(dir, { jobFigures: options.jobFigures, png: options.png === true });
      out.write(describe(result, options.top === undefined));
      if (options.top !== undefined) {
        const results = await loadSweepResults(dir);
        out.write(topTable(results, configurations(results), options.top));
      }
      for (const warning of result.warnings) err.write(`warning: ${path.join(dir, warning)}\n`);
    } catch (error) {
      if (!(error instanceof MlpSweepError)) throw error;
      err.write(`mlp-sweep: ${error.describe()}\n`);
      code = 1;
    }
  }
  return code;
}
