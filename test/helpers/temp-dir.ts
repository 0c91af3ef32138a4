/** Temporary folders for the tests, removed when they are done with. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';

const leftAtExit: string[] = [];

/** Removes `dir` when this process exits (the folders of a test file's runs, its caches). */
export function removeAtExit(dir: string): void {
  if (leftAtExit.push(dir) === 1) {
    process.once('exit', () => {
      for (const left of leftAtExit) rmSync(left, { recursive: true, force: true });
    });
  }
}

/** A fresh temporary folder with the given files, removed when the test ends. */
export function tempDirWith(t: ExecutionContext, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
