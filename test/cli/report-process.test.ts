import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority, platform } from 'node:os';
import path from 'node:path';
import { ReportProcess } from '../../src/cli/report-process.js';
import { scratchResults } from '../helpers/report/results.js';

test('the report process writes a sweep report, every thread of it at the lowest priority the system gives', async (t) => {
  const root = scratchResults(t, 'partial');
  const reports = new ReportProcess();
  try {
    const { priority, pid } = await reports.priority;
    if (platform() === 'linux') {
      t.regex(priority, /^(idle \(SCHED_IDLE|lowest priority \(nice 19)/);
      t.not(pid, process.pid, 'a process of its own');
      t.not(getPriority(), 19, 'not this process');
      // every thread it has now: Node's and V8's helpers as well as the one that draws
      const threads = readdirSync(`/proc/${pid}/task`).map(Number);
      t.true(threads.length > 1);
      for (const thread of threads) t.is(getPriority(thread), 19, `thread ${thread}`);
      if (priority.startsWith('idle')) {
        // field 41 of /proc/<pid>/task/<tid>/stat is the policy: 5 is SCHED_IDLE
        // the drawing thread is the child's main one, whose id is its pid
        const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
        t.is(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38], '5');
      }
    }
    const reply = await reports.write(path.join(root, 'partial'), true);
    t.is(reply.summary, path.join(root, 'partial', 'summary.md'));
    t.true(existsSync(reply.summary!));
  } finally {
    await reports.close();
  }
});

test('when the report process is gone the reports are written on the calling thread', async (t) => {
  const root = scratchResults(t, 'partial');
  const reports = new ReportProcess();
  await reports.priority;
  const child = (reports as unknown as { child: import('node:child_process').ChildProcess }).child;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  const reply = await reports.write(path.join(root, 'partial'), false);
  t.true(existsSync(reply.summary!));
  await reports.close();
});

test('live refreshes of a folder that a newer request has overtaken are skipped; the final one is written', async (t) => {
  const root = scratchResults(t, 'partial', 'troubled');
  const reports = new ReportProcess();
  try {
    await reports.priority;
    // the child is busy with another folder's report while the three requests for this one come in
    const busy = reports.write(path.join(root, 'troubled'), true);
    const dir = path.join(root, 'partial');
    const replies = await Promise.all([reports.write(dir, false), reports.write(dir, false), reports.write(dir, true), busy]);
    t.deepEqual(replies.map((r) => r.summary), [null, null, path.join(dir, 'summary.md'), path.join(root, 'troubled', 'summary.md')]);
    t.true(existsSync(path.join(dir, 'figures', 'jobs')), 'the final one drew the job figures');
  } finally {
    await reports.close();
  }
});
