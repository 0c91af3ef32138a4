import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { STALE_MS, acquireLock, processStart } from '../../src/journal/lock.js';
import { tempDir } from '../helpers/run.js';

const lockOf = (pid: number, extra: object = {}) =>
  JSON.stringify({ host: hostname(), pid, started_at: '2026-01-01T00:00:00.000Z', ...extra });
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!; // has exited by now
const noBeat = { heartbeat: false };
const age = (file: string, ms: number): void => {
  const then = new Date(Date.now() - ms);
  utimesSync(file, then, then);
};

test('a folder held by a live run is refused, naming its pid', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), lockOf(process.ppid)); // the test runner's parent: alive
  t.throws(() => acquireLock(dir, noBeat), { message: new RegExp(`is in use by a live run \\(pid ${process.ppid} on `) });
});

test('the hint for a held folder offers --break-lock and never tells to signal a process', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), lockOf(1));
  const error = t.throws(() => acquireLock(dir, noBeat)) as Error & { hint: string };
  t.regex(error.hint, /--break-lock/);
  t.notRegex(error.hint, /kill/);
});

test('a stale lock left by a killed run is taken over', (t) => {
  const dir = tempDir();
  const dead = deadPid();
  writeFileSync(path.join(dir, '.lock'), lockOf(dead));
  const lock = acquireLock(dir, noBeat);
  t.regex(lock.tookOver ?? '', new RegExp(`pid ${dead}`));
  lock.release();
  t.false(existsSync(path.join(dir, '.lock')));
});

test('a lock whose pid now belongs to another process is taken over', (t) => {
  const dir = tempDir();
  t.not(processStart(process.ppid), null, 'this test needs /proc');
  writeFileSync(path.join(dir, '.lock'), lockOf(process.ppid, { pid_start: '1', token: 'x' }));
  const lock = acquireLock(dir, noBeat);
  t.regex(lock.tookOver ?? '', /its pid now belongs to another process/);
  lock.release();
});

test('a lock of a live pid without a start time is taken over once its heartbeat is old', (t) => {
  const dir = tempDir();
  const file = path.join(dir, '.lock');
  writeFileSync(file, lockOf(process.ppid));
  age(file, STALE_MS + 5_000);
  const lock = acquireLock(dir, noBeat);
  t.regex(lock.tookOver ?? '', /no heartbeat for \d+ s/);
  lock.release();
});

test('another host\'s lock is refused while its heartbeat is fresh and taken over when it stopped', (t) => {
  const dir = tempDir();
  const file = path.join(dir, '.lock');
  writeFileSync(file, JSON.stringify({ host: 'node-17', pid: 4242, started_at: 'then', token: 'x' }));
  t.throws(() => acquireLock(dir, noBeat), { message: /pid 4242 on node-17/ });
  age(file, STALE_MS + 5_000);
  const lock = acquireLock(dir, noBeat);
  t.regex(lock.tookOver ?? '', /node-17/);
  lock.release();
});

test('an empty lock file (a run between creating and writing it) is not judged stale', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), '');
  t.throws(() => acquireLock(dir, noBeat), { code: 'LOCKED', message: /not a lock record/ });
});

test('an unreadable lock file that has not changed for a long time is taken over', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), '');
  age(path.join(dir, '.lock'), STALE_MS + 5_000);
  const lock = acquireLock(dir, noBeat);
  t.is(lock.tookOver, 'an unreadable lock file');
  lock.release();
});

test('--break-lock takes a live run\'s lock and says what it said', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.lock'), lockOf(process.ppid));
  const lock = acquireLock(dir, { ...noBeat, breakLock: true });
  t.regex(lock.tookOver ?? '', new RegExp(`broken by --break-lock; it said .*"pid":${process.ppid}`));
  lock.release();
});

test('release removes only our own lock, not one that replaced it', (t) => {
  const dir = tempDir();
  const ours = acquireLock(dir, noBeat);
  const theirs = acquireLock(dir, { ...noBeat, breakLock: true });
  const before = readFileSync(path.join(dir, '.lock'), 'utf8');
  ours.release();
  t.is(readFileSync(path.join(dir, '.lock'), 'utf8'), before);
  theirs.release();
  t.false(existsSync(path.join(dir, '.lock')));
});

test('a .lock that is a directory is refused with one line naming it', (t) => {
  const dir = tempDir();
  mkdirSync(path.join(dir, '.lock'));
  t.throws(() => acquireLock(dir, noBeat), { code: 'LOCK_IO', message: `${path.join(dir, '.lock')}: is a directory, not a lock file` });
});

test('a released lock can be taken again at once', (t) => {
  const dir = tempDir();
  const first = acquireLock(dir, noBeat);
  t.is(first.tookOver, null);
  first.release();
  const again = acquireLock(dir, noBeat);
  t.is(again.tookOver, null);
  again.release();
});

test('the heartbeat keeps the lock\'s mtime fresh while it is held', async (t) => {
  const dir = tempDir();
  const lock = acquireLock(dir, { heartbeatMs: 50 });
  age(path.join(dir, '.lock'), STALE_MS * 2);
  const deadline = Date.now() + 30_000;
  while (Date.now() - (await import('node:fs')).statSync(path.join(dir, '.lock')).mtimeMs > STALE_MS && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  t.true(Date.now() - (await import('node:fs')).statSync(path.join(dir, '.lock')).mtimeMs < STALE_MS);
  lock.release();
});
