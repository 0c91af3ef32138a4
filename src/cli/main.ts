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

import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** The package's version, from its package.json (this file runs from dist/src/cli/). */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

type Register = (program: Command) => void;

/**
 * Every command, in the order of --help, and how to load its module. A command line that names one
 * loads only that one (a command's module imports what its action needs: the report, the queue, the
 * kernels), so `mlp-sweep plan` does not pay for the others; no command, or one not known, loads all.
 */
const COMMANDS: readonly [string, () => Promise<Register>][] = [
  ['train', async () => (await import('./commands/train.js')).registerTrain],
  ['gradcheck', async () => (await import('./commands/gradcheck.js')).registerGradcheck],
  ['doctor', async () => (await import('./commands/doctor.js')).registerDoctor],
  ['plan', async () => (await import('./commands/plan.js')).registerPlan],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['compare', async () => (await import('./commands/compare.js')).registerCompare],
  ['run', async () => (await import('./commands/run.js')).registerRun],
  ['worker', async () => (await import('./commands/worker.js')).registerWorker],
  ['slurm', async () => (await import('./commands/slurm.js')).registerSlurm],
  ['run-job', async () => (await import('./commands/run-job.js')).registerRunJob],
  ['collect', async () => (await import('./commands/collect.js')).registerCollect],
  ['export', async () => (await import('./commands/export.js')).registerExport],
];

/** The program with every command, or with only `only` when it names one. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('mlp-sweep')
    .description('Declarative experiment sweeps for multilayer perceptrons on MNIST')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version and exit')
    .exitOverride();
  const named = COMMANDS.filter(([name]) => name === only);
  const registers = await Promise.all((named.length > 0 ? named : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so output is flushed). */
export async function main(argv: string[]): Promise<number> {
  guardOutput();
  // the command named first on the line (global options are only --version and --help)
  const program = await buildProgram(argv[2]);
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
