/**
 * The report thread's code (./report-thread.ts): lowers its own priority, loads the report and warms
 * its figure libraries, then writes the reports it is asked for, one at a time.
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { loadNativeAddon } from '../kernels/native/addon.js';

/**
 * This thread's own priority to the lowest there is: Linux's SCHED_IDLE where the native addon can set
 * it (a training thread that wakes takes the core back at once), else nice 19 (a thread's own on Linux,
 * which setpriority takes by thread id); what was done, in words, and the thread id.
 */
function lowerPriority(): { priority: string; tid: number | null } {
  let tid: number;
  try {
    // "<pid>/task/<tid>": Linux names each thread here, and setpriority takes a thread's id
    tid = Number(path.basename(readlinkSync('/proc/thread-self')));
  } catch {
    return { priority: 'normal priority (this system gives threads no priority of their own)', tid: null };
  }
  let nice = '';
  try {
    setPriority(tid, constants.priority.PRIORITY_LOW);
    nice = 'lowest priority (nice 19)';
  } catch (error) {
    nice = `normal priority (${(error as Error).message})`;
  }
  try {
    if (loadNativeAddon().idleThread()) return { priority: 'idle (SCHED_IDLE: only cores nothing else wants)', tid };
  } catch {
    // no native addon here: nice 19 it is
  }
  return { priority: nice, tid };
}

const port = parentPort!;
port.postMessage(lowerPriority());
const reporting = import('../report/index.js');
// the first drawing of a process is the slow one: done now, while the first jobs train
void reporting.then((r) => r.preloadFigures()).catch(() => {});

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: { id: number; dir: string; final: boolean }) => {
  queue = queue.then(async () => {
    try {
      const { SUMMARY_MD, writeReport } = await reporting;
      const result = await writeReport(request.dir, { jobFigures: request.final });
      port.postMessage({ id: request.id, ok: true, summary: path.join(request.dir, SUMMARY_MD), warnings: result.warnings });
    } catch (error) {
      port.postMessage({ id: request.id, ok: false, message: (error as Error).message });
    }
  });
});
