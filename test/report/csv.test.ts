import test from 'ava';
import { epochsCsv, neutraliseFormula, SUMMARY_COLUMNS, summaryCsv } from '../../src/report/csv.js';
import { csvRecords } from '../helpers/report/csv.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { loadFixture } from '../helpers/report/results.js';

for (const sweep of ['lr-batch', 'partial', 'troubled', 'older']) {
  test(`summary.csv of the ${sweep} fixture matches its golden file`, async (t) => {
    const { results } = await loadFixture(sweep);
    matchesGolden(t, `${sweep}/summary.csv`, summaryCsv(results));
  });

  test(`epochs.csv of the ${sweep} fixture matches its golden file`, async (t) => {
    const { results } = await loadFixture(sweep);
    matchesGolden(t, `${sweep}/epochs.csv`, epochsCsv(results));
  });
}

test('summary.csv has one row per job of the plan, pending ones included, with snake_case headers', async (t) => {
  const { results } = await loadFixture('partial');
  const rows = csvRecords(summaryCsv(results));
  t.is(rows.length, 8);
  t.deepEqual(Object.keys(rows[0]), [...SUMMARY_COLUMNS]);
  t.true(Object.keys(rows[0]).every((name) => /^[a-z][a-z0-9_]*$/.test(name)));
  t.is(rows.filter((row) => row.status === 'pending').length, 5);
});

test('summary.csv numbers round-trip exactly to the journal values', async (t) => {
  const { results } = await loadFixture('lr-batch');
  const rows = csvRecords(summaryCsv(results));
  results.jobs.forEach((job, i) => {
    const last = job.record!.epochs[job.record!.epochs.length - 1];
    t.is(Number(rows[i].final_validation_accuracy), last.validation_accuracy!);
    t.is(Number(rows[i].final_train_loss), last.train_loss!);
    t.is(Number(rows[i].test_loss), job.record!.test!.loss!);
  });
});

test('hidden_sizes is written as JSON, so no hidden layer stays distinct from an empty cell', async (t) => {
  const { results } = await loadFixture('troubled');
  const rows = csvRecords(summaryCsv(results));
  t.deepEqual(
    rows.map((row) => row.hidden_sizes),
    ['[]', '[]', '[64]', '[64]'],
  );
});

test('a failed job has its error in summary.csv and a diverged one where it stopped', async (t) => {
  const { results } = await loadFixture('troubled');
  const rows = csvRecords(summaryCsv(results));
  const failed = rows.find((row) => row.status === 'failed')!;
  t.is(failed.error, 'DatasetError: cannot read MNIST: data/train-images-idx3-ubyte is 0 bytes | expected 47040016');
  const diverged = rows.find((row) => row.status === 'diverged')!;
  t.is(diverged.diverged_at_epoch, '1');
  t.is(diverged.final_validation_accuracy, diverged.best_validation_accuracy);
});

test('a text cell that a spreadsheet would run as a formula is written as text', (t) => {
  const cells = ['=HYPERLINK("http://evil")', '+1', '-2+3', '@SUM(A1)', '\t=1', 'plain', '[512,1024]'].map(neutraliseFormula);
  t.deepEqual(cells, [`'=HYPERLINK("http://evil")`, `'+1`, `'-2+3`, `'@SUM(A1)`, `'\t=1`, 'plain', '[512,1024]']);
});
