/**
 * The `mlp-sweep` command line. Each command lives in its own file under `commands/` and registers
 * itself on the program; this file only wires them and maps errors to exit codes (exit-codes.ts);
 * wrong usage prints one line and a pointer to --help.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help } from 'commander';
import { guardOutput } from './output.js';
import { MlpSweepError } from '../errors.js';
import { describeSystemError, isSystemError } from '../fs/errors.js';

import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** The package's version, from its package.json (this file runs from dist/src/cli/). */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

type Register = (program: Command) => void;

/**
 * Every command, in the order of --help: its name, its line in the program's help, and how to load its
 * module. A command line that names one loads only that one (a command's module imports what its
 * action needs: the report, the queue, the kernels), so `mlp-sweep plan` does not pay for the others;
 * the program's own help and version load none (a test checks the lines below against the commands);
 * anything else (`help run`, a mistyped name) loads all.
 */
export const COMMANDS: readonly { name: string; term: string; description: string; load: () => Promise<Register> }[] = [
  {
    name: 'train',
    term: 'train [options]',
    description: 'train one model on MNIST and print its metrics per epoch (no sweep file needed)',
    load: async () => (await import('./commands/train.js')).registerTrain,
  },
  {
    name: 'gradcheck',
    term: 'gradcheck [options]',
    description: 'check backprop against central differences for ε = 1/(m·10^N), N = 1..5, m ∈ {1, 5}, on every tensor',
    load: async () => (await import('./commands/gradcheck.js')).registerGradcheck,
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    description: 'report Node, CPU and WebAssembly features, which kernel sets run here, and what kernels: auto picks',
    load: async () => (await import('./commands/doctor.js')).registerDoctor,
  },
  {
    name: 'plan',
    term: 'plan [options] <paths...>',
    description: 'check sweep files and show the jobs they would run, with their status and an estimate of the work',
    load: async () => (await import('./commands/plan.js')).registerPlan,
  },
  {
    name: 'report',
    term: 'report [options] <folder>',
    description: 'rebuild the report of a sweep (tables, CSV, figures) from its journal, without retraining',
    load: async () => (await import('./commands/report.js')).registerReport,
  },
  {
    name: 'compare',
    term: 'compare [options] <folders...>',
    description: 'the same configurations across sweeps side by side, with the differences and whether they exceed seed noise',
    load: async () => (await import('./commands/compare.js')).registerCompare,
  },
  {
    name: 'run',
    term: 'run [options] <paths...>',
    description: 'run sweeps on every core: plan, train each job not yet done, journal and report the results',
    load: async () => (await import('./commands/run.js')).registerRun,
  },
  {
    name: 'worker',
    term: 'worker [options]',
    description: 'run jobs from a queue filled by `mlp-sweep run --queue`, and send their records back',
    load: async () => (await import('./commands/worker.js')).registerWorker,
  },
  {
    name: 'slurm',
    term: 'slurm [options] <file>',
    description: 'write a frozen plan and the sbatch script of a Slurm job array that runs its jobs',
    load: async () => (await import('./commands/slurm.js')).registerSlurm,
  },
  {
    name: 'run-job',
    term: 'run-job [options] <plan>',
    description: "run one job of a frozen plan (a Slurm array task) and write its record to the plan's records/",
    load: async () => (await import('./commands/run-job.js')).registerRunJob,
  },
  {
    name: 'collect',
    term: 'collect [options] <dirs...>',
    description: "journal the records of a sweep's Slurm array tasks (idempotent) and refresh its report",
    load: async () => (await import('./commands/collect.js')).registerCollect,
  },
  {
    name: 'export',
    term: 'export [options] <folder> <job>',
    description: "print where a job's kept model is, or copy it elsewhere (--out)",
    load: async () => (await import('./commands/export.js')).registerExport,
  },
];

/**
 * The program for a command line whose first word is `first`: with only that command when it names
 * one; with every command's help line and no command module for the program's own options (--help,
 * --version) or an empty line; with every command otherwise.
 */
export async function buildProgram(first?: string, { summariesOnly = true } = {}): Promise<Command> {
  const program = new Command('mlp-sweep')
    .description('Declarative experiment sweeps for multilayer perceptrons on MNIST')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version and exit')
    .exitOverride();
  const named = COMMANDS.filter(({ name }) => name === first);
  if (named.length === 0 && summariesOnly && (first === undefined || first.startsWith('-'))) {
    for (const { name, description } of COMMANDS) program.command(name).description(description);
    const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
    program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd) });
    return program;
  }
  const registers = await Promise.all((named.length > 0 ? named : COMMANDS).map(({ load }) => load()));
  for (const register of registers) register(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so output is flushed). */
export async function main(argv: string[]): Promise<number> {
  guardOutput();
  // `run`'s pool threads start first, so they load their modules while this thread loads the command's
  const warm = argv[2] === 'run' ? await import('../launch/warm-pool.js') : null;
  warm?.warmPool(argv);
  try {
    return await parseAndRun(argv);
  } finally {
    await warm?.endWarmPool();
  }
}

async function parseAndRun(argv: string[]): Promise<number> {
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
