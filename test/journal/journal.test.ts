import test from 'ava';
import { appendFileSync, closeSync, openSync, readFileSync, symlinkSync } from 'node:fs';
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

test('a torn last record is reported, ignored, then cut off by the next writer, once, with a warning', (t) => {
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
  t.regex(resumed.repaired ?? '', /journal\.jsonl: removed a torn last record \(100 bytes, cut short by a kill or a full disk\); its job runs again$/);
  resumed.append(c);
  resumed.close();
  const after = readJournal(dir);
  t.deepEqual(after.records.map((r) => r.id), [a.id, c.id]);
  t.deepEqual(after.warnings, [], 'the torn line is gone: no warning on every later read');
  const again = new JournalWriter(dir);
  t.is(again.repaired, null);
  again.close();
});

test('a last record that is whole but lacks its newline is kept', (t) => {
  const dir = tempDir();
  const [a, b] = records();
  appendFileSync(path.join(dir, 'journal.jsonl'), JSON.stringify(a));
  const writer = new JournalWriter(dir);
  t.is(writer.repaired, null);
  writer.append(b);
  writer.close();
  t.deepEqual(readJournal(dir).records.map((r) => r.id), [a.id, b.id]);
});

test('a symlinked journal is refused by the writer and the reader, and its target is not touched', (t) => {
  const dir = tempDir();
  const target = path.join(tempDir(), 'elsewhere.jsonl');
  appendFileSync(target, '');
  symlinkSync(target, path.join(dir, 'journal.jsonl'));
  t.throws(() => new JournalWriter(dir), { message: `${path.join(dir, 'journal.jsonl')} is a symbolic link, not a journal` });
  t.throws(() => readJournal(dir), { message: `${path.join(dir, 'journal.jsonl')} is a symbolic link, not a journal` });
  t.is(readFileSync(target, 'utf8'), '');
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
  const [record] = records();
  const writer = new JournalWriter(dir);
  // the writer refuses a symlinked journal, so /dev/full (every write fails with ENOSPC) goes in by its descriptor
  closeSync((writer as unknown as { fd: number }).fd);
  (writer as unknown as { fd: number }).fd = openSync('/dev/full', 'w');
  const error = t.throws(() => writer.append(record), {
    message: new RegExp(`cannot append the record of job ${record.id} to .*journal\\.jsonl: ENOSPC; the run stopped, and that job runs again on resume`),
  });
  t.regex((error as { hint?: string }).hint ?? '', /the disk is full: free space and run the same command again; every record written before is kept/);
  writer.close();
});
