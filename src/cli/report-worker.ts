/**
 * The report thread's code (./report-thread.ts): lowers its own priority, loads the report and warms
 * its figure libraries, then writes the reports it is asked for, one at a time.
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

/** This thread's own priority to the lowest, where threads have their own (Linux); what was done, in words. */
function lowerPriority(): { priority: string; tid: number | null } {
  let tid: number;
  try {
    // "<pid>/task/<tid>": Linux names each thread here, and setpriority takes a thread's id
    tid = Number(path.basename(readlinkSync('/proc/thread-self')));
  } catch {
    return { priority: 'normal priority (this system gives threads no priority of their own)', tid: null };
  }
  try {
    setPriority(tid, constants.priority.PRIORITY_LOW);
    return { priority: 'lowest priority (nice 19)', tid };
  } catch (error) {
    return { priority: `normal priority (${(error as Error).message})`, tid };
  }
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
