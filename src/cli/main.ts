/**
 * The `mlp-sweep` command line. Each command lives in its own file under `commands/` and registers
 * itself on the program; this file only wires them and maps errors to exit codes (exit-codes.ts);
 * wrong usage prints one line and a pointer to --help.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { guardOutput } from './output.js';
import { MlpSweepError } from '../errors.js';
import { describeSystemError, isSystemError } from '../fs/errors.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGradcheck } from './commands/gradcheck.js';
import { registerPlan } from './commands/plan.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerTrain } from './commands/train.js';
import { registerWorker } from './commands/worker.js';
import { registerSlurm } from './commands/slurm.js';
import { registerRunJob } from './commands/run-job.js';
import { registerCollect } from './commands/collect.js';
import { registerExport } from './commands/export.js';
import { registerCompare } from './commands/compare.js';

import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** The package's version, from its package.json (this file runs from dist/src/cli/). */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

export function buildProgram(): Command {
  const program = new Command('mlp-sweep')
    .description('Declarative experiment sweeps for multilayer perceptrons on MNIST')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version and exit')
    .exitOverride();
  registerTrain(program);
  registerGradcheck(program);
  registerDoctor(program);
  registerPlan(program);
  registerReport(program);
  registerCompare(program);
  registerRun(program);
  registerWorker(program);
  registerSlurm(program);
  registerRunJob(program);
  registerCollect(program);
  registerExport(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so output is flushed). */
export async function main(argv: string[]): Promise<number> {
  guardOutput();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
        return EXIT_OK;
      }
      // commander printed the one-line error; like git and gh, point at the help rather than print it
      if (error.code !== 'commander.help') process.stderr.write(`${helpPointer(program, argv)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof MlpSweepError) {
      process.stderr.write(`mlp-sweep: ${error.describe()}\n`);
      return EXIT_FAILED;
    }
    // a file-system failure anywhere (a full disk, a results path that is a file): one line, no stack
    if (isSystemError(error)) {
      process.stderr.write(`mlp-sweep: ${describeSystemError(error)}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

/** `Run 'mlp-sweep run --help' for usage.`, naming the command the user typed when there is one. */
function helpPointer(program: Command, argv: readonly string[]): string {
  const typed = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const command = program.commands.find((c) => c.name() === typed || c.aliases().includes(typed ?? ''));
  return `Run 'mlp-sweep${command ? ` ${command.name()}` : ''} --help' for usage.`;
}
