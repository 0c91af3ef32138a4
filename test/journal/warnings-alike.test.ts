/** One untrusted journal, three readers: plan's status column, run's resume and the report warn alike. */
import test from 'ava';
import { readJobStatuses, readJournal } from '../../src/journal/read.js';
import { loadSweepResults } from '../../src/report/load.js';
import { journalText, recordOf } from '../helpers/records.js';
import { tinyPlan } from '../helpers/run.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const [a, b, c] = tinyPlan().jobs;

/** A warning without the file it names (run and plan name the journal by its path, the report by its name). */
const shape = (warning: string) => warning.replace(/^.*journal\.jsonl:/, 'journal.jsonl:');

test('plan and run give the same warnings, once each, and the report the same for the records it refuses, for a bare {id, status: ok} line, a forged record and a bad id', async (t) => {
  const forged = { ...recordOf(b, 'ok'), settings: { ...b.settings, learning_rate: 0.5 } };
  const badId = { ...recordOf(c, 'ok'), id: '../../../x' };
  const dir = tempDirWith(t, { 'journal.jsonl': journalText([{ id: a.id, status: 'ok' }, forged, badId]) });

  const plan: string[] = [];
  const statuses = readJobStatuses(dir, (w) => plan.push(w));
  const run = readJournal(dir);
  const report = (await loadSweepResults(dir)).warnings.filter((w) => w.startsWith('journal.jsonl:'));

  t.is(plan.length, 3);
  t.deepEqual(plan.map(shape), run.warnings.map(shape));
  // the report shows an incomplete record (an older journal's) with its gaps, warned per field; the
  // records it refuses are warned about in the same words as plan and run
  t.deepEqual(report.filter((w) => /^journal\.jsonl:\d+:/.test(w)).map(shape), plan.filter((w) => !w.includes('not trusted')).map(shape));
  // none of them is trusted: every job runs
  t.deepEqual(statuses, new Map());
  t.deepEqual(run.records, []);
});
