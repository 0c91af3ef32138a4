/**
 * Every hint, applied as a user would, gives a file that plans: a table of the mistakes people make
 * (Hydra's comma lists, Optuna's distributions, quoted numbers, near-miss names …), each with the edit
 * its hint asks for. A hint whose edit leads into another error fails here.
 */
import test from 'ava';
import { parse, stringify } from 'yaml';
import { checkSweepText, formatDiagnostic, type Diagnostic } from '../../src/sweep/index.js';

type Doc = Record<string, any>;

/** The value a `write X` hint asks for, parsed as the YAML it is. */
function written(hint: string): unknown {
  const match = hint.match(/write (.+?)(?: for the one value| \(or more|, or move|$)/);
  if (!match) throw new Error(`no "write …" in the hint: ${hint}`);
  return parse(match[1]);
}

const suggested = (hint: string): string => hint.match(/did you mean "(.+)"\?/)![1];

interface Case {
  title: string;
  yaml: string;
  /** The hint expected on the first problem. */
  hint: RegExp;
  /** The edit the hint asks for. */
  apply(doc: Doc, hint: string): void;
}

const cases: Case[] = [
  {
    title: "Hydra's comma list in a grid axis",
    yaml: 'name: h\ngrid:\n  learning_rate: 0.1,0.01\n',
    hint: /write \[0\.1, 0\.01\]/,
    apply: (doc, hint) => (doc.grid.learning_rate = written(hint)),
  },
  {
    title: 'an Optuna-style distribution in a grid axis',
    yaml: 'name: h\ngrid:\n  learning_rate: {distribution: log_uniform, min: 0.001, max: 0.1}\n',
    hint: /does not sample a distribution: write \[0\.001, 0\.1\]/,
    apply: (doc, hint) => (doc.grid.learning_rate = written(hint)),
  },
  {
    title: 'a distribution without a range',
    yaml: 'name: h\ngrid:\n  batch_size: {distribution: choice}\n',
    hint: /list them, e\.g\. write \[200\]/,
    apply: (doc, hint) => (doc.grid.batch_size = written(hint)),
  },
  {
    title: 'one value where an axis needs a list',
    yaml: 'name: h\ngrid:\n  learning_rate: 0.1\n',
    hint: /write \[0\.1\], or move the setting to fixed/,
    apply: (doc, hint) => (doc.grid.learning_rate = written(hint)),
  },
  {
    title: 'one invalid value where an axis needs a list',
    yaml: 'name: h\ngrid:\n  learning_rate: -0.1\n',
    hint: /e\.g\. write \[0\.1\]/,
    apply: (doc, hint) => (doc.grid.learning_rate = written(hint)),
  },
  {
    title: 'one hidden_sizes value written as the axis',
    yaml: 'name: h\ngrid:\n  hidden_sizes: [64, 32]\n',
    hint: /write \[\[64, 32\]\] for the one value \[64, 32\]/,
    apply: (doc, hint) => (doc.grid.hidden_sizes = written(hint)),
  },
  {
    title: 'a quoted number',
    yaml: 'name: h\nfixed:\n  epochs: "3"\n',
    hint: /write it without quotes: 3/,
    apply: (doc, hint) => (doc.fixed.epochs = parse(hint.match(/without quotes: (.+)$/)![1])),
  },
  {
    title: 'a near-miss setting name',
    yaml: 'name: h\nfixed:\n  lr: 0.1\n',
    hint: /did you mean "learning_rate"\?/,
    apply: (doc, hint) => {
      doc.fixed[suggested(hint)] = doc.fixed.lr;
      delete doc.fixed.lr;
    },
  },
  {
    title: 'a near-miss value of a choice',
    yaml: 'name: h\ngrid:\n  init: [zero, glorot]\n',
    hint: /did you mean "zeros"\?/,
    apply: (doc, hint) => (doc.grid.init[0] = suggested(hint)),
  },
  {
    title: 'a setting at the top level',
    yaml: 'name: h\nepochs: 3\n',
    hint: /put it under fixed \(one value\) or grid/,
    apply: (doc) => {
      doc.fixed = { epochs: doc.epochs };
      delete doc.epochs;
    },
  },
  {
    title: 'a near-miss top-level key',
    yaml: 'name: h\nseed: [1, 2]\n',
    hint: /did you mean "seeds"\?/,
    apply: (doc, hint) => {
      doc[suggested(hint)] = doc.seed;
      delete doc.seed;
    },
  },
  {
    title: 'a setting both fixed and varied',
    yaml: 'name: h\nfixed: {init: glorot}\ngrid: {init: [zeros, glorot]}\n',
    hint: /remove init from fixed, or from grid/,
    apply: (doc) => delete doc.fixed.init,
  },
  {
    title: 'a repeated seed',
    yaml: 'name: h\nseeds: [1, 2, 1]\n',
    hint: /list each seed once/,
    apply: (doc) => (doc.seeds = [...new Set(doc.seeds)]),
  },
  {
    title: 'a seed set beside seeds',
    yaml: 'name: h\nfixed: {seed: 4}\nseeds: [1, 2]\n',
    hint: /remove seed here, or remove seeds/,
    apply: (doc) => delete doc.fixed.seed,
  },
];

function firstProblem(text: string): Diagnostic {
  const check = checkSweepText(text, 'hint.yaml');
  if (check.ok) throw new Error('the file was valid');
  return check.diagnostics[0];
}

for (const c of cases) {
  test(`the hint for ${c.title}, applied, gives a file that plans`, (t) => {
    const problem = firstProblem(c.yaml);
    t.regex(problem.hint ?? '', c.hint, formatDiagnostic(problem));
    const doc = parse(c.yaml) as Doc;
    c.apply(doc, problem.hint!);
    const fixed = stringify(doc);
    const check = checkSweepText(fixed, 'hint.yaml');
    t.true(check.ok, `${fixed}\n${check.ok ? '' : check.diagnostics.map(formatDiagnostic).join('\n')}`);
  });
}

test('a quoted number that would be invalid unquoted gets no hint to unquote it', (t) => {
  const problem = firstProblem('name: h\nfixed:\n  epochs: "0"\n');
  t.notRegex(problem.hint ?? '', /without quotes/);
});
