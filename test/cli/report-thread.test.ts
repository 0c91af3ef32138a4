import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { getPriority, platform } from 'node:os';
import path from 'node:path';
import { ReportThread } from '../../src/cli/report-thread.js';
import { scratchResults } from '../helpers/report/results.js';

test('the report thread writes a sweep report, at the lowest priority the system gives a thread', async (t) => {
  const root = scratchResults(t, 'partial');
  const thread = new ReportThread();
  try {
    const { priority, tid } = await thread.priority;
    if (platform() === 'linux') {
      t.regex(priority, /^(idle \(SCHED_IDLE|lowest priority \(nice 19\))/);
      t.is(getPriority(tid!), 19, 'the thread, not the process');
      t.not(getPriority(), 19);
      if (priority.startsWith('idle')) {
        // field 41 of /proc/<pid>/task/<tid>/stat is the policy: 5 is SCHED_IDLE
        const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
        t.is(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38], '5');
      }
    }
    const reply = await thread.write(path.join(root, 'partial'), true);
    t.is(reply.summary, path.join(root, 'partial', 'summary.md'));
    t.true(existsSync(reply.summary));
  } finally {
    await thread.close();
  }
});

test('when the report thread is gone the reports are written on the calling thread', async (t) => {
  const root = scratchResults(t, 'partial');
  const thread = new ReportThread();
  await thread.priority;
  await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  const reply = await thread.write(path.join(root, 'partial'), false);
  t.true(existsSync(reply.summary));
  await thread.close();
});
