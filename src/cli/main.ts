/**
 * The `mlp-sweep` command line. Each command lives in its own file under `commands/` and registers
 * itself on the program; this file only wires them and maps errors to exit codes (exit-codes.ts).
 */
import { Command, CommanderError } from 'commander';
import { MlpSweepError } from '../errors.js';
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

import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('mlp-sweep')
    .description('Declarative experiment sweeps for multilayer perceptrons on MNIST')
    .showHelpAfterError()
    .exitOverride();
  registerTrain(program);
  registerGradcheck(program);
  registerDoctor(program);
  registerPlan(program);
  registerReport(program);
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
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    if (error instanceof MlpSweepError) {
      process.stderr.write(`mlp-sweep: ${error.describe()}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
