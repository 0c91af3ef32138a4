import test from 'ava';
import { stat } from '../../src/report/stat.js';
import { formatStat, percent } from '../../src/report/format.js';

const cases: { title: string; values: (number | null)[]; mean: number | null; std: number | null; n: number }[] = [
  { title: 'three values give their mean and sample standard deviation', values: [1, 2, 3], mean: 2, std: 1, n: 3 },
  { title: 'one value has a mean and no standard deviation', values: [0.5], mean: 0.5, std: null, n: 1 },
  { title: 'missing values are left out of the mean and of n', values: [4, null, 6], mean: 5, std: Math.SQRT2, n: 2 },
  { title: 'no values give no statistic', values: [null, null], mean: null, std: null, n: 0 },
];

for (const c of cases) {
  test(c.title, (t) => {
    const s = stat(c.values);
    if (c.mean === null) {
      t.is(s, null);
      return;
    }
    t.is(s!.mean, c.mean);
    t.is(s!.n, c.n);
    if (c.std === null) t.is(s!.std, null);
    else t.true(Math.abs(s!.std! - c.std) < 1e-12);
  });
}

test('a statistic is written as mean ± std (n), accuracies as percentages with two decimals', (t) => {
  t.is(formatStat(stat([0.9743, 0.9751, 0.9735]), percent), '97.43 ± 0.08 (n=3)');
  t.is(formatStat(stat([0.9743]), percent), '97.43 (n=1)');
  t.is(formatStat(null, percent), '–');
});
