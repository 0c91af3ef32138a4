/** Helpers for the run tests: tiny plans, temporary results folders, the CLI as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobRecord } from '../../src/journal/record.js';
import { PROJECT_ROOT, planOf } from './sweeps.js';
import { removeAtExit } from './temp-dir.js';

/** A sweep of `seeds` × learning rates of a 784-16-10 network on 1,000 examples: ~0.1 s a job. */
export function tinyPlan(name = 'tiny', seeds = [1, 2], rates = [0.1, 0.05], extra = '') {
  return planOf(`
name: ${name}
fixed:
  hidden_sizes: [16]
  batch_size: 100
  epochs: 2
  train_limit: 1000
grid:
  learning_rate: [${rates.join(', ')}]
seeds: [${seeds.join(', ')}]
${extra}`);
}

/** A fresh temporary folder, removed when the test file's process exits (a test may look at it until then). */
export function tempDir(prefix = 'mlp-sweep-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  removeAtExit(dir);
  return dir;
}

/** The fields of a record that training computes (not timings, hosts or clocks): what must be bit-identical. */
export function computed(record: JobRecord) {
  return {
    id: record.id,
    status: record.status,
    test: record.test,
    kernels: record.kernels,
    epochs: record.epochs.map(({ train_seconds: _, ...m }) => m),
  };
}

export const CLI = path.join(PROJECT_ROOT, 'bin', 'mlp-sweep.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns a process and collects its output; `onStdout` sees output as it arrives (to send signals at the right moment). */
export function spawnProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  onStdout?: (text: string, child: ChildProcess) => void,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Spawns the CLI; `onStdout` sees output as it arrives (to send signals at the right moment). */
export function spawnCli(args: string[], onStdout?: (text: string, child: ChildProcess) => void): Promise<CliResult> {
  return spawnProcess(process.execPath, [CLI, ...args], {}, onStdout).done;
}
