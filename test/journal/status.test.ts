import test from 'ava';
import { readJobStatuses } from '../../src/journal/read.js';
import { journalText, recordOf } from '../helpers/records.js';
import { tinyPlan } from '../helpers/run.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const [a, b, c, d] = tinyPlan().jobs;

test('a sweep without a journal has no statuses', (t) => {
  const dir = tempDirWith(t, {});
  t.deepEqual(readJobStatuses(dir), new Map());
});

test('the latest record of each job gives its status', (t) => {
  const journal = [recordOf(a, 'failed'), recordOf(b, 'ok'), recordOf(a, 'ok'), recordOf(c, 'diverged')];
  const dir = tempDirWith(t, { 'journal.jsonl': journalText(journal) });
  t.deepEqual(
    readJobStatuses(dir),
    new Map([
      [a.id, 'ok'],
      [b.id, 'ok'],
      [c.id, 'diverged'],
    ]),
  );
});

test('a torn last line and records without a known status are ignored', (t) => {
  const text = journalText([recordOf(a, 'ok'), { ...recordOf(b, 'ok'), status: 'running' }, { id: c.id }]) + `{"id":"${d.id}","sta`;
  const dir = tempDirWith(t, { 'journal.jsonl': text });
  t.deepEqual(readJobStatuses(dir), new Map([[a.id, 'ok']]));
});

test('a record that lacks fields, or whose settings were changed under its id, is warned about and not trusted', (t) => {
  const forged = { ...recordOf(b, 'ok'), settings: { ...b.settings, learning_rate: 0.5 } };
  const dir = tempDirWith(t, { 'journal.jsonl': journalText([{ id: a.id, status: 'ok' }, forged, recordOf(c, 'ok')]) });
  const warnings: string[] = [];
  t.deepEqual(readJobStatuses(dir, (w) => warnings.push(w)), new Map([[c.id, 'ok']]));
  t.is(warnings.length, 2);
  t.regex(warnings[0], new RegExp(`journal\\.jsonl:2: the record of job ${b.id} is not that job's: the content hash of its settings is [0-9a-f]{12} \\(changed after it ran\\?\\); skipped$`));
  t.regex(warnings[1], new RegExp(`journal\\.jsonl:1: the record of job ${a.id} lacks or has unreadable format, sweep, name, index, … \\d+ more; not trusted, so the job counts as not run$`));
});
