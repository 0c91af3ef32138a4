/**
 * One live run per results folder: `<sweep dir>/.lock` names its owner (host, pid, the pid's start
 * time, a random token). The protocol, each step safe against any other process acting between two
 * steps (test/journal/lock-races.test.ts injects a rival at every step):
 *
 * - create: the owner record is written to a private file first and hard-linked to `.lock`; the link
 *   is atomic and fails if `.lock` exists (also on NFS), so a lock file is never seen empty.
 * - judge: a lock is live while its process runs — same host: the pid exists with the same start time
 *   (a reused pid of a dead run is not its owner); another host: its heartbeat (the owner touches the
 *   file's mtime every HEARTBEAT_MS from a worker thread, so a busy main thread cannot miss a beat) is
 *   younger than STALE_MS. A file that cannot be read as a lock record is live until it is that old.
 * - remove: every unlink of `.lock` (taking over a stale lock, releasing our own) happens while
 *   holding `.lock.takeover` (a directory, made exclusively), after re-reading `.lock` under it. Under
 *   the mutex `.lock` can only go from absent to present, never from one owner to another, so what was
 *   checked is what is removed: two takers cannot both win, and release removes only our own lock.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MlpSweepError } from '../errors.js';

export const LOCK_FILE = '.lock';
export const HEARTBEAT_MS = 10_000;
/** A lock (or takeover mutex) whose mtime is older than this is not kept by anyone. */
export const STALE_MS = 60_000;
const MUTEX_STALE_MS = 10_000;

interface LockOwner {
  host: string;
  pid: number;
  started_at: string;
  /** The owner process's start time (Linux /proc), telling it from a later process given the same pid. */
  pid_start: string | null;
  token: string;
}

const BREAK_HINT = 'if no run uses this folder any more, run again with --break-lock';

export class SweepLockedError extends MlpSweepError {
  constructor(dir: string, owner: LockOwner | null) {
    super(
      'LOCKED',
      owner
        ? `${dir} is in use by a live run (pid ${owner.pid} on ${owner.host}, started ${owner.started_at})`
        : `${dir} is locked by a lock file that is not a lock record (${LOCK_FILE}, changed less than ${STALE_MS / 1000} s ago)`,
      {
        hint: `wait for that run to finish or stop it with Ctrl-C where it runs; runs on different sweeps or --results folders can go side by side; ${BREAK_HINT}`,
      },
    );
  }
}

/** Test seam: called at each step of the protocol, so a test can act as a rival process right there. */
export type LockStep = 'create' | 'read' | 'judged-stale' | 'mutex' | 'recheck' | 'unlink' | 'release-read' | 'release-unlink';

export interface LockOptions {
  /** Take the lock whatever it says (the user's --break-lock). */
  breakLock?: boolean;
  /** Test seams. */
  onStep?: (step: LockStep) => void;
  pid?: number;
  heartbeat?: boolean;
  heartbeatMs?: number;
  mutexWaitMs?: number;
}

export interface SweepLock {
  /** Set when a stale (or broken) lock was taken over: what it said. */
  tookOver: string | null;
  release(): void;
}

/** The start time of a process in clock ticks since boot, or null where /proc does not tell. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsError(file: string, error: unknown): MlpSweepError {
  const e = error as NodeJS.ErrnoException;
  const cause = e.code === 'EISDIR' ? 'is a directory, not a lock file' : `${e.code ?? 'error'}: ${e.message}`;
  return new MlpSweepError('LOCK_IO', `${file}: ${cause}`, {
    hint: e.code === 'EISDIR' ? `remove it (rmdir ${file}) if no run uses this folder` : undefined,
  });
}

/** The lock file's text and mtime, or null when there is none. */
function readLock(file: string): { text: string; mtimeMs: number } | null {
  try {
    const st = lstatSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error('is not a regular file'), { code: 'EINVAL' });
    return { text: readFileSync(file, 'utf8'), mtimeMs: st.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError(file, error);
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.host === 'string' && Number.isInteger(o.pid) && typeof o.started_at === 'string' ? o : null;
  } catch {
    return null;
  }
}

/** Why a lock is stale, or null while its owner may still run. */
function staleReason(owner: LockOwner | null, mtimeMs: number): string | null {
  const silent = Date.now() - mtimeMs > STALE_MS;
  if (!owner) return silent ? 'an unreadable lock file' : null;
  const said = `pid ${owner.pid} on ${owner.host}, started ${owner.started_at}`;
  if (owner.host === hostname()) {
    if (!pidExists(owner.pid)) return said;
    const start = processStart(owner.pid);
    if (owner.pid_start && start && start !== owner.pid_start) return `${said}; its pid now belongs to another process`;
    if (owner.pid_start && start) return null;
  }
  return silent ? `${said}; no heartbeat for ${Math.round((Date.now() - mtimeMs) / 1000)} s` : null;
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `fn` holding `.lock.takeover`; the mutex is held for milliseconds, so an old one is abandoned. */
function withMutex<T>(dir: string, fn: () => T, options: LockOptions): T {
  const mutex = path.join(dir, `${LOCK_FILE}.takeover`);
  const deadline = Date.now() + (options.mutexWaitMs ?? 5_000);
  for (;;) {
    try {
      mkdirSync(mutex);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(mutex, error);
    }
    try {
      if (Date.now() - statSync(mutex).mtimeMs > MUTEX_STALE_MS) rmdirSync(mutex);
    } catch {
      // gone meanwhile: try again
    }
    if (Date.now() > deadline) {
      throw new MlpSweepError('LOCKED', `${mutex}: another process keeps taking over the lock`, { hint: BREAK_HINT });
    }
    sleep(5);
  }
  try {
    options.onStep?.('mutex');
    return fn();
  } finally {
    rmdirSync(mutex);
  }
}

/** Touches the lock's mtime while its token is ours; a worker thread, so blocking jobs cannot stop it. */
const HEARTBEAT_SOURCE = `
const { readFileSync, utimesSync } = require('node:fs');
const { workerData: { file, token, ms } } = require('node:worker_threads');
setInterval(() => {
  try {
    if (JSON.parse(readFileSync(file, 'utf8')).token === token) { const now = new Date(); utimesSync(file, now, now); }
  } catch {}
}, ms);`;

function startHeartbeat(file: string, token: string, ms: number): Worker {
  const worker = new Worker(HEARTBEAT_SOURCE, { eval: true, workerData: { file, token, ms } });
  worker.unref();
  return worker;
}

function tryCreate(file: string, me: LockOwner): boolean {
  const mine = `${file}.${me.token}`;
  writeFileSync(mine, `${JSON.stringify(me)}\n`, { flag: 'wx' });
  try {
    linkSync(mine, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsError(file, error);
  } finally {
    unlinkSync(mine);
  }
}

export function acquireLock(dir: string, options: LockOptions = {}): SweepLock {
  const file = path.join(dir, LOCK_FILE);
  const pid = options.pid ?? process.pid;
  const me: LockOwner = {
    host: hostname(),
    pid,
    started_at: new Date().toISOString(),
    pid_start: processStart(pid),
    token: randomUUID(),
  };
  const step = (s: LockStep): void => options.onStep?.(s);
  let tookOver: string | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    step('create');
    if (tryCreate(file, me)) return held(dir, file, me, tookOver, options);
    step('read');
    const seen = readLock(file);
    if (!seen) continue; // released meanwhile
    const owner = parseOwner(seen.text);
    const reason = options.breakLock ? `broken by --break-lock; it said ${seen.text.trim().slice(0, 200)}` : staleReason(owner, seen.mtimeMs);
    if (reason === null) throw new SweepLockedError(dir, owner);
    step('judged-stale');
    const removed = withMutex(
      dir,
      () => {
        step('recheck');
        if (readLock(file)?.text !== seen.text) return false; // someone else's now: judge again
        step('unlink');
        unlinkSync(file);
        return true;
      },
      options,
    );
    if (removed) tookOver = reason;
  }
  throw new MlpSweepError('LOCKED', `${file}: could not take the lock (other runs keep taking it)`, { hint: BREAK_HINT });
}

/** Removes the private files of creators killed between writing and linking them (ours is gone by now). */
function removeAbandoned(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/^\.lock\.[0-9a-f-]{36}$/.test(name)) continue;
    try {
      if (Date.now() - statSync(path.join(dir, name)).mtimeMs > STALE_MS) unlinkSync(path.join(dir, name));
    } catch {
      // removed by another run meanwhile
    }
  }
}

/** The locks this process holds, released when it exits however it exits (a quit at once included). */
const heldLocks = new Set<() => void>();
process.on('exit', () => {
  for (const release of [...heldLocks]) release();
});

function held(dir: string, file: string, me: LockOwner, tookOver: string | null, options: LockOptions): SweepLock {
  removeAbandoned(dir);
  const heartbeat = options.heartbeat === false ? null : startHeartbeat(file, me.token, options.heartbeatMs ?? HEARTBEAT_MS);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldLocks.delete(release);
    void heartbeat?.terminate();
    try {
      withMutex(
        dir,
        () => {
          options.onStep?.('release-read');
          const now = readLock(file);
          if (!now || parseOwner(now.text)?.token !== me.token) return; // not ours any more: leave it
          options.onStep?.('release-unlink');
          unlinkSync(file);
        },
        options,
      );
    } catch {
      // left behind, it is stale the moment this process ends: the next run takes it over
    }
  };
  heldLocks.add(release);
  return { tookOver, release };
}
