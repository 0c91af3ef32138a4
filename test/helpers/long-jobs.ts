/** A sweep of jobs long enough to interrupt inside (40 batches an epoch), one per fast kernel set that runs here. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { kernelProvider } from '../../src/kernels/registry.js';
import type { RunEvent } from '../../src/run/events.js';
import type { CliResult } from './run.js';

export const LONG_JOB_EPOCHS = 4;

/** Writes long-jobs.yaml into `dir` (extra lines at the top level, e.g. run settings) and returns its path. */
export function writeLongJobsSweep(dir: string, extra = ''): string {
  const kernels = kernelProvider('native').unavailableReason() === null ? ['wasm', 'native'] : ['wasm'];
  const file = path.join(dir, 'long-jobs.yaml');
  writeFileSync(
    file,
    `name: long-jobs
fixed:
  hidden_sizes: [24]
  batch_size: 50
  epochs: ${LONG_JOB_EPOCHS}
  train_limit: 2000
grid:
  kernels: [${kernels.join(', ')}]
seeds: [3]
${extra}`,
  );
  return file;
}

/** The events of a `run --json`. */
export function eventsOf(run: CliResult): RunEvent[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
}

/** How many epochs (after epoch 0) the output so far reports measured. */
export function epochsSoFar(stdout: string): number {
  return stdout.split('\n').filter((line) => line.includes('"job-epoch"') && !line.includes('"epoch":0,')).length;
}
