import test from 'ava';
import { formatDiagnostic } from '../../src/sweep/diagnostics.js';
import { checkSweepText } from '../../src/sweep/load.js';
import { sweepFixture } from '../helpers/sweeps.js';

/** One fixture per kind of bad input, with the exact lines `mlp-sweep plan` prints for it. */
const cases: { title: string; fixture: string; expected: string[] }[] = [
  {
    title: 'alias expansion that would blow up is refused, at the first alias',
    fixture: 'alias-bomb.yaml',
    expected: [
      'alias-bomb.yaml:3:8: b[0]: YAML aliases expand too far; refused to protect memory (got more than 100 expansions)',
      '  hint: write the values out, or use fewer nested aliases',
    ],
  },
  {
    title: 'a grid axis that is not a list says how to write it',
    fixture: 'axis-not-a-list.yaml',
    expected: [
      'axis-not-a-list.yaml:3:18: grid.learning_rate: must be a list (got 0.1)',
      '  hint: an axis is a list of values: write [0.1], or move the setting to fixed',
      'axis-not-a-list.yaml:4:18: grid.hidden_sizes[0]: must be a list (got 512)',
      '  hint: each value of hidden_sizes is itself a list: write [[512, 1024]] for the one value [512, 1024]',
      'axis-not-a-list.yaml:4:23: grid.hidden_sizes[1]: must be a list (got 1024)',
      '  hint: each value of hidden_sizes is itself a list: write [[512, 1024]] for the one value [512, 1024]',
    ],
  },
  {
    title: 'a value that is not one of the choices lists them and suggests the nearest',
    fixture: 'bad-choice.yaml',
    expected: [
      'bad-choice.yaml:3:17: grid.init[1]: must be one of zeros, glorot, normal (got "glorrot")',
      '  hint: did you mean "glorot"?',
      'bad-choice.yaml:4:15: grid.precision[0]: must be one of float32, float64 (got "float16")',
      '  hint: did you mean "float32"?',
    ],
  },
  {
    title: 'a batch larger than train_limit is refused',
    fixture: 'batch-larger-than-train-limit.yaml',
    expected: [
      'batch-larger-than-train-limit.yaml:3:15: fixed.batch_size: is larger than the training set of 100 examples (train_limit) (got 500)',
      '  hint: use a batch size of at most 100',
    ],
  },
  {
    title: 'a batch larger than the training set is refused at that grid value',
    fixture: 'batch-larger-than-training-set.yaml',
    expected: [
      'batch-larger-than-training-set.yaml:3:21: grid.batch_size[1]: is larger than the training set of 50000 examples (got 60000)',
      '  hint: use a batch size of at most 50000',
    ],
  },
  {
    title: 'a batch size of 0 is out of range',
    fixture: 'batch-size-zero.yaml',
    expected: [
      'batch-size-zero.yaml:3:15: fixed.batch_size: must be at least 1 (got 0)',
    ],
  },
  {
    title: 'a name of .. is not a safe folder name',
    fixture: 'dot-dot-name.yaml',
    expected: [
      'dot-dot-name.yaml:1:7: name: must be a safe folder name: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit (got "..")',
    ],
  },
  {
    title: 'a duplicate key names the line of the first one',
    fixture: 'duplicate-key.yaml',
    expected: [
      'duplicate-key.yaml:5:3: fixed.epochs: duplicate key: already set on line 3 (got "epochs")',
      '  hint: a key may appear once in a mapping; keep one of them',
    ],
  },
  {
    title: 'an empty grid axis is refused',
    fixture: 'empty-axis.yaml',
    expected: [
      'empty-axis.yaml:4:18: grid.learning_rate: is an empty axis, which gives no jobs (got [])',
      '  hint: give at least one value, or remove the axis',
    ],
  },
  {
    title: 'epochs below 1 are out of range',
    fixture: 'epochs-zero.yaml',
    expected: [
      'epochs-zero.yaml:3:11: fixed.epochs: must be at least 1 (got 0)',
    ],
  },
  {
    title: 'an exclude key that names no setting suggests the setting meant',
    fixture: 'exclude-names-no-setting.yaml',
    expected: [
      'exclude-names-no-setting.yaml:6:19: exclude[0].lr: names no setting (got "lr")',
      '  hint: did you mean "learning_rate"?',
    ],
  },
  {
    title: 'an exclude key that is not an axis can never match and is refused',
    fixture: 'exclude-not-an-axis.yaml',
    expected: [
      'exclude-not-an-axis.yaml:7:19: exclude[0].epochs: is not a grid or zip axis, so this entry can never match (got "epochs")',
      '  hint: exclude removes grid combinations by their axis values; the axes are: init',
    ],
  },
  {
    title: 'a setting both fixed and varied is refused',
    fixture: 'fixed-and-grid.yaml',
    expected: [
      'fixed-and-grid.yaml:5:3: grid.init: is varied in grid and also set in fixed (got "init")',
      '  hint: remove init from fixed, or from grid',
    ],
  },
  {
    title: 'an unknown job kind is refused, with the kind meant',
    fixture: 'unknown-kind.yaml',
    expected: [
      'unknown-kind.yaml:1:7: kind: must be one of train, gradcheck (got "gradchek")',
      '  hint: did you mean "gradcheck"?',
    ],
  },
  {
    title: 'a hidden size of 0 is out of range, pointed at inside the nested list',
    fixture: 'hidden-size-zero.yaml',
    expected: [
      'hidden-size-zero.yaml:3:37: grid.hidden_sizes[1][1]: must be at least 1 (got 0)',
    ],
  },
  {
    title: 'an include key that names no setting lists the settings',
    fixture: 'include-names-no-setting.yaml',
    expected: [
      'include-names-no-setting.yaml:5:20: include[0].momentum: names no setting (got "momentum")',
      '  hint: the settings are: dataset, hidden_sizes, activation, init, learning_rate, batch_size, epochs, precision, kernels, seed, train_limit',
    ],
  },
  {
    title: 'learning rates that are not positive are each reported',
    fixture: 'learning-rate-not-positive.yaml',
    expected: [
      'learning-rate-not-positive.yaml:3:30: grid.learning_rate[2]: must be > 0 (got -0.1)',
      'learning-rate-not-positive.yaml:3:36: grid.learning_rate[3]: must be > 0 (got 0)',
    ],
  },
  {
    title: 'every problem of a file is reported, in file order',
    fixture: 'many-problems.yaml',
    expected: [
      'many-problems.yaml:1:7: name: must be a safe folder name: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit (got "many problems")',
      'many-problems.yaml:3:18: fixed.learning_rate: must be > 0 (got -1)',
      'many-problems.yaml:4:15: fixed.batch_size: must be a whole number (got "200")',
      '  hint: write it without quotes: 200',
      'many-problems.yaml:5:11: fixed.epochs: must be at least 1 (got 0)',
      'many-problems.yaml:7:17: grid.init[1]: must be one of zeros, glorot, normal (got "xavier")',
      'many-problems.yaml:8:3: grid.hiden_sizes: unknown setting (got "hiden_sizes")',
      '  hint: did you mean "hidden_sizes"?',
      'many-problems.yaml:10:19: exclude[0].lr: names no setting (got "lr")',
      '  hint: did you mean "learning_rate"?',
      'many-problems.yaml:11:1: seed: unknown key (got "seed")',
      '  hint: did you mean "seeds"?',
    ],
  },
  {
    title: 'a name with a path separator is not a safe folder name',
    fixture: 'name-with-separator.yaml',
    expected: [
      'name-with-separator.yaml:1:7: name: must be a safe folder name: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit (got "lr/sweep")',
    ],
  },
  {
    title: 'a file that is not a mapping is refused',
    fixture: 'not-a-mapping.yaml',
    expected: [
      'not-a-mapping.yaml:1:1: (file): must be a mapping (got [{"name":"a list"}])',
    ],
  },
  {
    title: 'every repeated seed is reported',
    fixture: 'repeated-seed.yaml',
    expected: [
      'repeated-seed.yaml:2:15: seeds[2]: repeats seeds[0] (got 1)',
      '  hint: list each seed once',
      'repeated-seed.yaml:2:21: seeds[4]: repeats seeds[1] (got 2)',
      '  hint: list each seed once',
    ],
  },
  {
    title: 'a seed set beside the seeds axis is refused',
    fixture: 'seeds-and-seed.yaml',
    expected: [
      'seeds-and-seed.yaml:3:3: fixed.seed: sets seed, but the sweep also has seeds (the replicate axis) (got "seed")',
      '  hint: use one of them: remove seed here, or remove seeds',
    ],
  },
  {
    title: 'a setting at the top level says where settings go',
    fixture: 'setting-at-top-level.yaml',
    expected: [
      'setting-at-top-level.yaml:2:1: epochs: unknown key (got "epochs")',
      '  hint: epochs is a setting: put it under fixed (one value) or grid (a list of values)',
    ],
  },
  {
    title: 'a YAML syntax error is reported at its place',
    fixture: 'syntax-error.yaml',
    expected: [
      'syntax-error.yaml:4:3: grid: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    title: 'a plan over 10,000 jobs is refused',
    fixture: 'too-many-jobs.yaml',
    expected: [
      'too-many-jobs.yaml:2:1: grid: gives more jobs than the limit of 10000 (got up to 11000 jobs)',
      '  hint: shrink the sweep, or raise the limit with --max-jobs',
    ],
  },
  {
    title: 'an unknown top-level key suggests the key meant, even for swapped letters',
    fixture: 'unknown-key.yaml',
    expected: [
      'unknown-key.yaml:4:1: gird: unknown key (got "gird")',
      '  hint: did you mean "grid"?',
    ],
  },
  {
    title: 'an unknown setting suggests the setting meant',
    fixture: 'unknown-setting.yaml',
    expected: [
      'unknown-setting.yaml:3:3: fixed.learning_rat: unknown setting (got "learning_rat")',
      '  hint: did you mean "learning_rate"?',
    ],
  },
  {
    title: 'a name that climbs out of the results folder is not a safe folder name',
    fixture: 'unsafe-name.yaml',
    expected: [
      'unsafe-name.yaml:1:7: name: must be a safe folder name: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit (got "../elsewhere")',
    ],
  },
  {
    title: 'a quoted number is a wrong type, with a hint to drop the quotes',
    fixture: 'wrong-type.yaml',
    expected: [
      'wrong-type.yaml:4:18: fixed.learning_rate: must be a number (got "0.1")',
      '  hint: write it without quotes: 0.1',
    ],
  },
  {
    title: 'zip columns of unequal length are refused',
    fixture: 'zip-unequal.yaml',
    expected: [
      'zip-unequal.yaml:4:18: zip.learning_rate: has 3 values but zip.batch_size has 2; zip columns pair up value by value (got 3 values)',
      '  hint: give every zip column the same number of values',
    ],
  },
  {
    title: 'an infinite number is not a finite number',
    fixture: 'infinite-number.yaml',
    expected: ['infinite-number.yaml:3:19: grid.learning_rate[0]: must be a finite number (got Infinity)'],
  },
  {
    title: 'a run name that is not a safe name is refused, and its settings are still checked',
    fixture: 'unsafe-run-name.yaml',
    expected: [
      "unsafe-run-name.yaml:3:3: runs.a/b: is not a safe run name: letters, digits, '.', '_' and '-', starting with a letter or digit (got \"a/b\")",
      'unsafe-run-name.yaml:4:19: runs.ok.lr: unknown setting (got "lr")',
      '  hint: did you mean "learning_rate"?',
    ],
  },
];

for (const { title, fixture, expected } of cases) {
  test(title, (t) => {
    const check = checkSweepText(sweepFixture(fixture), fixture);
    t.false(check.ok);
    if (!check.ok) t.deepEqual(check.diagnostics.map(formatDiagnostic).join('\n').split('\n'), expected);
  });
}

test('merged duplicate jobs are notices that leave the file valid', (t) => {
  const check = checkSweepText(sweepFixture('duplicate-jobs.yaml'), 'duplicate-jobs.yaml');
  t.true(check.ok);
  if (check.ok) {
    const id = check.plan.jobs[0].id;
    t.deepEqual(check.notices.map(formatDiagnostic), [
      `duplicate-jobs.yaml:3:19: grid.learning_rate[0]: grid combination learning_rate=0.1 is the same job as runs.study (job 0, id ${id}); it runs once`,
      `duplicate-jobs.yaml:3:30: grid.learning_rate[2]: grid combination learning_rate=0.1 is the same job as runs.study (job 0, id ${id}); it runs once`,
    ]);
    t.is(check.plan.jobs.length, 2);
  }
});

test('YAML anchors, merge keys and x- keys to hold them are read normally', (t) => {
  const yaml = 'name: shared\nx-base: &base {epochs: 2, batch_size: 50}\nruns:\n  a: *base\n  b: {<<: *base, epochs: 3}\n';
  const check = checkSweepText(yaml, 'aliases.yaml');
  t.true(check.ok);
  if (check.ok) {
    t.deepEqual(
      check.plan.jobs.map((job) => [job.name, job.settings.epochs, job.settings.batch_size]),
      [
        ['a', 2, 50],
        ['b', 3, 50],
      ],
    );
  }
});

test('an alias bomb is refused at the expansion limit, before it is expanded', (t) => {
  // Expanded, the file would hold 9^9 strings: refused when the count of expansions passes the limit.
  const check = checkSweepText(sweepFixture('alias-bomb.yaml'), 'alias-bomb.yaml');
  t.false(check.ok);
  t.regex(check.ok ? '' : check.diagnostics.map(formatDiagnostic).join('\n'), /YAML aliases expand too far.*\(got more than 100 expansions\)/);
});
