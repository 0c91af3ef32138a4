/**
 * `mlp-sweep compare <results A> <results B> …`: the same configurations across sweeps side by side (a
 * rerun on another machine, another kernel set, another code version), with the differences and whether
 * they exceed seed noise. Prints markdown; `--markdown` and `--html` also write it to files. Exit 0 when
 * compared; 1 when a folder has no journal.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { MlpSweepError } from '../../errors.js';
import { configurations } from '../../report/aggregate.js';
import { compareSweeps, type ComparedSweep } from '../../report/compare.js';
import { comparisonHtml, comparisonMarkdown } from '../../report/compare-report.js';
import { loadSweepResults } from '../../report/load.js';
import { writeIfChanged } from '../../report/write.js';

export interface CompareCommandOptions {
  markdown?: string;
  html?: string;
}

const HELP_AFTER = `
Each sweep after the first is compared with the first. Configurations are matched on every setting but
the seed, and but the settings that tell the sweeps apart (e.g. kernels: wasm in one, native in the other).

Examples:
  mlp-sweep compare results/lr-batch other-machine/results/lr-batch
  mlp-sweep compare results/a results/b --html compare.html`;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('the same configurations across sweeps side by side, with the differences and whether they exceed seed noise')
    .argument('<folders...>', "two or more sweeps' results folders (results/<sweep>)")
    .option('--markdown <file>', 'also write the comparison as markdown to this file')
    .option('--html <file>', 'also write it as an HTML page (sortable table) to this file')
    .addHelpText('after', HELP_AFTER)
    .action(async (folders: string[], options: CompareCommandOptions) => {
      process.exitCode = await runCompare(folders, options);
    });
}

export async function runCompare(
  folders: readonly string[],
  options: CompareCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (folders.length < 2) {
    err.write(`mlp-sweep: compare needs two or more results folders (got ${folders.length})\n  hint: mlp-sweep compare results/a results/b\n`);
    return 1;
  }
  const sweeps: ComparedSweep[] = [];
  for (const folder of folders) {
    try {
      const results = await loadSweepResults(folder);
      for (const warning of results.warnings) err.write(`warning: ${path.join(folder, warning)}\n`);
      sweeps.push({ label: folder, results, configs: configurations(results) });
    } catch (error) {
      if (!(error instanceof MlpSweepError)) throw error;
      err.write(`mlp-sweep: ${error.describe()}\n`);
      return 1;
    }
  }
  const comparison = compareSweeps(sweeps);
  const markdown = comparisonMarkdown(comparison);
  out.write(markdown);
  if (options.markdown !== undefined) await writeIfChanged(options.markdown, markdown);
  if (options.html !== undefined) await writeIfChanged(options.html, comparisonHtml(comparison));
  return 0;
}
