import test from 'ava';
import { appendFileSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { latestById, readJournal } from '../../src/journal/read.js';
import type { JobRecord } from '../../src/journal/record.js';
import { JournalWriter } from '../../src/journal/writer.js';
import { failedRecord } from '../../src/execute/execute-job.js';
import { tempDir, tinyPlan } from '../helpers/run.js';

const records = (): JobRecord[] => tinyPlan().jobs.map((job) => failedRecord(job, new Error(`boom ${job.index}`), 0.5, null));

test('each record is one line, appended in order', (t) => {
  const dir = tempDir();
  const written = records();
  const writer = new JournalWriter(dir);
  for (const r of written) writer.append(r);
  writer.close();
  const text = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
  t.is(text.split('\n').length, 5); // four records, each ending with a newline
  const read = readJournal(dir);
  t.deepEqual(read.warnings, []);
  t.deepEqual(read.records, written);
});

test('a torn last record is reported, ignored, and does not swallow the next one', (t) => {
  const dir = tempDir();
  const [a, b, c] = records();
  const writer = new JournalWriter(dir);
  writer.append(a);
  writer.close();
  // a kill -9 in the middle of writing b
  appendFileSync(path.join(dir, 'journal.jsonl'), JSON.stringify(b).slice(0, 100));
  const torn = readJournal(dir);
  t.deepEqual(torn.records.map((r) => r.id), [a.id]);
  t.is(torn.warnings.length, 1);
  t.regex(torn.warnings[0], /journal\.jsonl:2: the last line is cut short \(a write in progress, or a crash mid-write\); skipped/);

  const resumed = new JournalWriter(dir);
  resumed.append(c);
  resumed.close();
  const after = readJournal(dir);
  t.deepEqual(after.records.map((r) => r.id), [a.id, c.id]);
  t.regex(after.warnings[0], /journal\.jsonl:2: not valid JSON; skipped/);
});

test('the latest record of a job id wins', (t) => {
  const [a] = records();
  const rerun = { ...a, status: 'ok' as const, error: null };
  t.is(latestById([a, rerun]).get(a.id)!.status, 'ok');
});

test('a missing journal reads as empty', (t) => {
  t.deepEqual(readJournal(tempDir()), { records: [], warnings: [] });
});

test('a full disk fails the append with the job named, and the fix in the hint', (t) => {
  const dir = tempDir();
  symlinkSync('/dev/full', path.join(dir, 'journal.jsonl')); // every write fails with ENOSPC
  const [record] = records();
  const writer = new JournalWriter(dir);
  const error = t.throws(() => writer.append(record), {
    message: new RegExp(`cannot append the record of job ${record.id} to .*journal\\.jsonl: ENOSPC; the run stopped, and that job runs again on resume`),
  });
  t.regex((error as { hint?: string }).hint ?? '', /the disk is full: free space and run the same command again; every record written before is kept/);
  writer.close();
});
