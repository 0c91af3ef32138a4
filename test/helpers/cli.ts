/** Runs the built CLI as a user would, and returns its exit code and output. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './sweeps.js';
import { removeAtExit } from './temp-dir.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// the CLI's per-machine caches (the estimate's calibration) go to a temporary folder, not the user's home
if (!process.env.MLP_SWEEP_CACHE_DIR) {
  process.env.MLP_SWEEP_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-cache-'));
  removeAtExit(process.env.MLP_SWEEP_CACHE_DIR);
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
