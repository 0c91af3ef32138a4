/**
 * The lock protocol against a rival acting between any two of its steps: at each step of one
 * acquirer (or of a release), a second acquirer runs to the end right there, as another process
 * scheduled at that moment would. Whatever the interleaving, at most one holds the lock, and the
 * lock file is the holder's.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { type LockStep, type SweepLock, acquireLock } from '../../src/journal/lock.js';
import { tempDir } from '../helpers/run.js';

const STEPS: LockStep[] = ['create', 'read', 'judged-stale', 'mutex', 'recheck', 'unlink'];
const quick = { heartbeat: false, mutexWaitMs: 50 };

function attempt(fn: () => SweepLock): SweepLock | Error {
  try {
    return fn();
  } catch (error) {
    return error as Error;
  }
}

function staleLock(dir: string): void {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  writeFileSync(path.join(dir, '.lock'), JSON.stringify({ host: hostname(), pid: dead, started_at: 'then' }));
}

for (const step of STEPS) {
  test(`two runs taking over one stale lock never both win (rival at "${step}")`, (t) => {
    const dir = tempDir();
    staleLock(dir);
    let rival: SweepLock | Error | null = null;
    const first = attempt(() =>
      acquireLock(dir, {
        ...quick,
        onStep: (s) => {
          if (s === step && rival === null) rival = attempt(() => acquireLock(dir, quick));
        },
      }),
    );
    t.not(rival, null, `the rival ran at "${step}"`);
    const holders = [first, rival!].filter((x): x is SweepLock => !(x instanceof Error));
    t.is(holders.length, 1, [first, rival].map((x) => (x instanceof Error ? x.message : 'holds')).join(' / '));
    for (const x of [first, rival!]) if (x instanceof Error) t.regex(x.message, /in use by a live run|keeps taking over/);
    holders[0].release();
    t.false(existsSync(path.join(dir, '.lock')));
  });
}

for (const step of ['release-read', 'release-unlink', 'mutex'] as LockStep[]) {
  test(`a release with a rival at "${step}" leaves the rival's lock alone`, (t) => {
    const dir = tempDir();
    let rival: SweepLock | Error | null = null;
    const ours = acquireLock(dir, {
      ...quick,
      onStep: (s) => {
        if (s === step && rival === null) rival = attempt(() => acquireLock(dir, quick));
      },
    });
    ours.release();
    t.not(rival, null);
    // the rival either found our live lock (refused) or waited on the mutex and gave up: nothing to leave
    t.true((rival as unknown) instanceof Error);
    const after = acquireLock(dir, quick);
    t.is(after.tookOver, null, 'our release removed our lock');
    after.release();
  });
}
