import test from 'ava';
import { readJobStatuses } from '../../src/journal/status.js';
import { tempDirWith } from '../helpers/temp-dir.js';

test('a sweep without a journal has no statuses', (t) => {
  const dir = tempDirWith(t, {});
  t.deepEqual(readJobStatuses(dir), new Map());
});

test('the latest record of each job gives its status', (t) => {
  const journal = [
    { id: 'a', status: 'failed', error: 'out of memory' },
    { id: 'b', status: 'ok' },
    { id: 'a', status: 'ok' },
    { id: 'c', status: 'diverged' },
  ];
  const dir = tempDirWith(t, { 'journal.jsonl': journal.map((r) => JSON.stringify(r)).join('\n') + '\n' });
  t.deepEqual(
    readJobStatuses(dir),
    new Map([
      ['a', 'ok'],
      ['b', 'ok'],
      ['c', 'diverged'],
    ]),
  );
});

test('a torn last line and records without a known status are ignored', (t) => {
  const text = '{"id":"a","status":"ok"}\n{"id":"b","status":"running"}\n{"id":"c"}\n{"id":"d","sta';
  const dir = tempDirWith(t, { 'journal.jsonl': text });
  t.deepEqual(readJobStatuses(dir), new Map([['a', 'ok']]));
});
