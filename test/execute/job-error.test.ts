import test from 'ava';
import { DatasetError } from '../../src/errors.js';
import { failedRecord } from '../../src/execute/execute-job.js';
import { checkRecord } from '../../src/journal/check.js';
import { tinyPlan } from '../helpers/run.js';

test("an error's code survives into its failed record, which passes the record check", (t) => {
  const [job] = tinyPlan().jobs;
  const record = failedRecord(job, new DatasetError('train-images-idx3-ubyte is cut short'), 0.1, null);
  t.like(record.error, { name: 'DatasetError', code: 'DATASET', message: 'train-images-idx3-ubyte is cut short' });
  t.is(checkRecord(JSON.parse(JSON.stringify(record))).verdict, 'valid');
});

test('an error without a code records code null, and a thrown non-error its text', (t) => {
  const [job] = tinyPlan().jobs;
  t.is(failedRecord(job, new Error('boom'), 0, null).error!.code, null);
  t.like(failedRecord(job, 'just a string', 0, null).error, { name: 'Error', message: 'just a string', code: null, stack: null });
});
