import test from 'ava';
import { parseDocument } from 'yaml';
import { formatDiagnostic, type Diagnostic } from '../../src/sweep/diagnostics.js';
import { checkSweepText } from '../../src/sweep/load.js';

const file = (space: string, rest = '') => `name: s
search:
  method: random
  trials: 4
  space:
    ${space}
${rest}`;

const lines = (text: string) => {
  const check = checkSweepText(text, 'f.yaml');
  return check.ok ? [] : check.diagnostics.flatMap((d) => formatDiagnostic(d).split("\n"));
};

interface Case {
  title: string;
  yaml: string;
  expected: string[];
}

const cases: Case[] = [
  {
    title: 'a log_uniform range that starts at 0 is refused, as it has no 0',
    yaml: file('learning_rate: {log_uniform: [0, 0.5]}'),
    expected: [
      'f.yaml:6:34: search.space.learning_rate.log_uniform: is a log scale, so it needs 0 < low < high (got [0,0.5])',
      '  hint: a log scale has no 0; start the range above 0, or use uniform',
    ],
  },
  {
    title: 'a range with its ends swapped gives the swapped range',
    yaml: file('learning_rate: {log_uniform: [0.5, 0.001]}'),
    expected: [
      'f.yaml:6:34: search.space.learning_rate.log_uniform: must be a range [low, high] with low < high (got [0.5,0.001])',
      '  hint: the ends are swapped: write {log_uniform: [0.001, 0.5]}',
    ],
  },
  {
    title: 'a uniform range that can give a learning rate of 0 is refused at that end',
    yaml: file('learning_rate: {uniform: [0, 0.1]}'),
    expected: [
      'f.yaml:6:31: search.space.learning_rate.uniform[0]: can give 0, which is not a valid learning_rate (got 0)',
      '  hint: learning_rate must be > 0: start the range above 0',
    ],
  },
  {
    title: 'a continuous range for a whole-number setting gives its whole-number form',
    yaml: file('batch_size: {log_uniform: [16, 256]}'),
    expected: [
      'f.yaml:6:31: search.space.batch_size.log_uniform: samples fractions, but batch_size is a whole number (got [16,256])',
      '  hint: write {q_log_uniform: [16, 256, 1]}',
    ],
  },
  {
    title: "W&B's log_uniform_values gives our log_uniform",
    yaml: file('learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.1}'),
    expected: [
      'f.yaml:6:20: search.space.learning_rate: is written as in a W&B sweep; mlp-sweep names the distribution as the key (got {"distribution":"log_uniform_values","min":0.001,"max":0.1})',
      '  hint: write {log_uniform: [0.001, 0.1]}',
    ],
  },
  {
    title: "W&B's values list gives a choice",
    yaml: file('batch_size: {values: [50, 100]}'),
    expected: [
      'f.yaml:6:17: search.space.batch_size: is written as in another tool; mlp-sweep names the distribution as the key (got {"values":[50,100]})',
      '  hint: write {choice: [50, 100]}',
    ],
  },
  {
    title: "W&B's int_uniform for a batch size gives our int_uniform",
    yaml: file('batch_size: {distribution: int_uniform, min: 16, max: 256}'),
    expected: [
      'f.yaml:6:17: search.space.batch_size: is written as in a W&B sweep; mlp-sweep names the distribution as the key (got {"distribution":"int_uniform","min":16,"max":256})',
      '  hint: write {int_uniform: [16, 256]}',
    ],
  },
  {
    title: "Hydra's tag(log, interval()) gives log_uniform",
    yaml: file('learning_rate: tag(log, interval(0.001, 0.1))'),
    expected: [
      'f.yaml:6:20: search.space.learning_rate: must be a distribution as a mapping, not text (got "tag(log, interval(0.001, 0.1))")',
      "  hint: Hydra's syntax is not read here: write {log_uniform: [0.001, 0.1]}",
    ],
  },
  {
    title: "Hydra's interval() for a batch size gives int_uniform",
    yaml: file('batch_size: interval(16, 256)'),
    expected: [
      'f.yaml:6:17: search.space.batch_size: must be a distribution as a mapping, not text (got "interval(16, 256)")',
      "  hint: Hydra's syntax is not read here: write {int_uniform: [16, 256]}",
    ],
  },
  {
    title: "Hydra's choice() gives a choice",
    yaml: file('init: choice(glorot, normal)'),
    expected: [
      'f.yaml:6:11: search.space.init: must be a distribution as a mapping, not text (got "choice(glorot, normal)")',
      "  hint: Hydra's syntax is not read here: write {choice: [glorot, normal]}",
    ],
  },
  {
    title: 'a plain list gives a choice of its values',
    yaml: file('hidden_sizes: [[128], [256, 128]]'),
    expected: [
      'f.yaml:6:19: search.space.hidden_sizes: is a list; a space entry is a distribution (got [[128],[256,128]])',
      '  hint: to pick among these values, write {choice: [[128], [256, 128]]}',
    ],
  },
  {
    title: 'a misspelt distribution suggests the nearest',
    yaml: file('learning_rate: {loguniform: [0.001, 0.1]}'),
    expected: [
      'f.yaml:6:21: search.space.learning_rate.loguniform: is not a distribution (got "loguniform")',
      '  hint: did you mean "log_uniform"?',
    ],
  },
  {
    title: 'a range for a setting that is not a number is refused',
    yaml: file('init: {uniform: [0, 1]}'),
    expected: ['f.yaml:6:12: search.space.init.uniform: is a range, but init is not a number (got "uniform")', '  hint: list its values: write {choice: [...]}'],
  },
  {
    title: 'a sampled value of a choice is checked as the setting',
    yaml: file('init: {choice: [glorot, glorrot]}'),
    expected: ['f.yaml:6:29: search.space.init.choice[1]: must be one of zeros, glorot, normal (got "glorrot")', '  hint: did you mean "glorot"?'],
  },
  {
    title: 'a random search without trials is refused',
    yaml: 'name: s\nsearch:\n  method: random\n  space:\n    init: {choice: [glorot]}\n',
    expected: ['f.yaml:3:3: search.trials: is required for a random search', '  hint: trials: 20 samples 20 configurations'],
  },
  {
    title: 'a random search with a grid says to move the axes into the space',
    yaml: file('init: {choice: [glorot]}', 'grid: {learning_rate: [0.1]}'),
    expected: [
      'f.yaml:7:1: grid: is not combined with a random search, which samples every point (got "grid")',
      '  hint: move each grid axis into search.space as {choice: [...]}',
    ],
  },
  {
    title: 'early stopping with epochs set elsewhere is refused, as max_epochs sets them',
    yaml: file('init: {choice: [glorot]}', 'fixed: {epochs: 3}\nearly_stopping: {method: asha, max_epochs: 9}'),
    expected: [
      "f.yaml:7:9: fixed.epochs: is set, but early_stopping.max_epochs sets every trial's epochs (got \"epochs\")",
      '  hint: remove epochs here; early stopping trains each trial for up to max_epochs',
    ],
  },
  {
    title: 'a first rung beyond max_epochs is refused',
    yaml: file('init: {choice: [glorot]}', 'early_stopping: {method: asha, min_epochs: 10, max_epochs: 9}'),
    expected: ['f.yaml:7:44: early_stopping.min_epochs: is the first rung, so it must be at most max_epochs (9) (got 10)'],
  },
];

for (const { title, yaml, expected } of cases) {
  test(title, (t) => {
    t.deepEqual(lines(yaml), expected);
  });
}

/** The problem's value replaced by the hint's `write …` text, as a person applying it would. */
function applyHint(yaml: string, diagnostic: Diagnostic): string | undefined {
  const written = /write (\{.*\})$/.exec(diagnostic.hint ?? '')?.[1];
  if (written === undefined || written.includes('...')) return undefined;
  const document = parseDocument(yaml);
  const segments = diagnostic.path.split('.');
  // the hint replaces the whole space entry: search.space.<setting>
  document.setIn(segments.slice(0, 3), parseDocument(written).toJS());
  return document.toString();
}

test('every hint of the form "write {…}" gives, applied, a file that plans', (t) => {
  let applied = 0;
  for (const { yaml } of cases) {
    const check = checkSweepText(yaml, 'f.yaml');
    if (check.ok) continue;
    for (const diagnostic of check.diagnostics) {
      const fixed = applyHint(yaml, diagnostic);
      if (fixed === undefined) continue;
      applied += 1;
      const again = checkSweepText(fixed, 'f.yaml');
      t.true(again.ok, `${diagnostic.hint} → ${again.ok ? '' : again.diagnostics.map(formatDiagnostic).join('\n')}`);
    }
  }
  t.true(applied >= 9, `only ${applied} hints applied`);
});
