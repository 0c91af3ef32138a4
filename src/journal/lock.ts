/**
 * One live run per results folder: `<sweep dir>/.lock` holds the owner's host and pid, created
 * exclusively. A lock whose process is gone (a killed run) is stale and taken over, with a notice.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { MlpSweepError } from '../errors.js';

export const LOCK_FILE = '.lock';

interface LockOwner {
  host: string;
  pid: number;
  started_at: string;
}

export class SweepLockedError extends MlpSweepError {
  constructor(dir: string, owner: LockOwner) {
    super('LOCKED', `${dir} is in use by a live run (pid ${owner.pid} on ${owner.host}, started ${owner.started_at})`, {
      hint: `wait for it to finish or stop it (kill -INT ${owner.pid}); runs on different sweeps or --results folders can go side by side`,
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SweepLock {
  /** Set when a stale lock of a dead run was taken over: what it said. */
  tookOver: string | null;
  release(): void;
}

export function acquireLock(dir: string): SweepLock {
  const file = path.join(dir, LOCK_FILE);
  const me: LockOwner = { host: hostname(), pid: process.pid, started_at: new Date().toISOString() };
  let tookOver: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      let released = false;
      return {
        tookOver,
        release: () => {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: LockOwner | null = null;
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      owner = null; // unreadable: written by a run killed between create and write
    }
    if (owner && owner.host === me.host && isAlive(owner.pid) && owner.pid !== process.pid) {
      throw new SweepLockedError(dir, owner);
    }
    if (owner && owner.host !== me.host) {
      // another machine's run on a shared filesystem: its liveness cannot be checked from here
      throw new SweepLockedError(dir, owner);
    }
    tookOver = owner ? `pid ${owner.pid}, started ${owner.started_at}` : 'an unreadable lock file';
    rmSync(file, { force: true });
  }
  throw new MlpSweepError('LOCKED', `${file}: could not take the lock (another run keeps creating it)`);
}
