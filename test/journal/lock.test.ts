import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { acquireLock } from '../../src/journal/lock.js';
import { tempDir } from '../helpers/run.js';

const lockOf = (pid: number) => JSON.stringify({ host: hostname(), pid, started_at: '2026-01-01T00:00:00.000Z' });

test('a folder held by a live run is refused, naming its pid', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), lockOf(process.ppid)); // the test runner's parent: alive
  t.throws(() => acquireLock(dir), { message: new RegExp(`is in use by a live run \\(pid ${process.ppid} on `) });
});

test('a stale lock left by a killed run is taken over', (t) => {
  const dir = tempDir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // has exited by now
  writeFileSync(path.join(dir, '.lock'), lockOf(dead));
  const lock = acquireLock(dir);
  t.regex(lock.tookOver ?? '', new RegExp(`pid ${dead}`));
  lock.release();
  t.false(existsSync(path.join(dir, '.lock')));
});

test('a released lock can be taken again at once', (t) => {
  const dir = tempDir();
  const first = acquireLock(dir);
  t.is(first.tookOver, null);
  first.release();
  const again = acquireLock(dir);
  t.is(again.tookOver, null);
  again.release();
});
