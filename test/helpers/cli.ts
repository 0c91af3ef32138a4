/** Runs the built CLI as a user would, and returns its exit code and output. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './sweeps.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd = PROJECT_ROOT): Promise<CliRun> {
  const bin = path.join(PROJECT_ROOT, 'bin', 'mlp-sweep.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
