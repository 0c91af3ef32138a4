/**
 * The report process's code (./report-process.ts): lowers the priority of every thread of this process,
 * loads the report and warms its figure libraries, then writes the reports it is asked for over its IPC
 * channel, one at a time, and exits when the channel closes.
 */
import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import path from 'node:path';
import { loadNativeAddon } from '../kernels/native/addon.js';
import type { ReportPriority } from './report-process.js';

/**
 * Every thread of this process to nice 19 (on Linux a thread's own, which setpriority takes by thread
 * id: the threads Node started before this code, V8's helpers among them; threads started later inherit
 * it from the main thread), and the main thread, which draws, to SCHED_IDLE where the native addon can
 * set it (a training thread that wakes takes the core back at once). What was done, in words.
 */
function lowerPriority(): ReportPriority {
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    tids = [];
  }
  let nice: string;
  try {
    // 0: the calling thread, where the system lists no threads
    for (const tid of tids.length > 0 ? tids : [0]) setPriority(tid, constants.priority.PRIORITY_LOW);
    nice = tids.length > 0 ? 'lowest priority (nice 19, every thread)' : 'lowest priority (nice 19)';
  } catch (error) {
    nice = `normal priority (${(error as Error).message})`;
  }
  try {
    if (loadNativeAddon().idleThread()) return { priority: 'idle (SCHED_IDLE: only cores nothing else wants; its other threads nice 19)', pid: process.pid };
  } catch {
    // no native addon here: nice 19 it is
  }
  return { priority: nice, pid: process.pid };
}

// the run may have closed the channel already (it failed at once): then there is no one to tell
const send = (message: unknown): void => {
  if (process.connected) process.send?.(message, (error: Error | null) => void (error && process.exit(0)));
};
send(lowerPriority());
// the run ends this process by closing the channel (also when it dies); a Ctrl-C, which the terminal sends
// to both, is the run's to handle: a final report may still be asked for
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
const reporting = import('../report/index.js');
// the first drawing of a process is the slow one: done now, while the first jobs train
void reporting.then((r) => r.preloadFigures()).catch(() => {});

type Request = { id: number; dir: string; final: boolean };

// A live refresh is moot once a newer request for its folder has come (the final report, after the last
// job): it is skipped if it has not started, and stopped between two files if it has. At the lowest
// priority, a refresh asked for while every core trains may not even be read before the run is over.
const newest = new Map<string, number>();
let live: { dir: string; stop: AbortController } | null = null;
let queue: Promise<void> = Promise.resolve();
process.on('message', (request: Request) => {
  newest.set(request.dir, request.id);
  if (live !== null && live.dir === request.dir) live.stop.abort();
  queue = queue.then(() => answer(request));
});

async function answer({ id, dir, final }: Request): Promise<void> {
  const moot = (): boolean => !final && newest.get(dir) !== id;
  const stop = new AbortController();
  live = final ? null : { dir, stop };
  try {
    if (moot()) return send({ id, ok: true, skipped: true });
    const { SUMMARY_MD, writeReport } = await reporting;
    const result = await writeReport(dir, { jobFigures: final, signal: stop.signal });
    send({ id, ok: true, summary: path.join(dir, SUMMARY_MD), warnings: result.warnings });
  } catch (error) {
    send(moot() ? { id, ok: true, skipped: true } : { id, ok: false, message: (error as Error).message });
  } finally {
    live = null;
  }
}
