/**
 * One rule set for settings: a sweep file, a job message, the library's train() and createModel(), and the
 * CLI's train and gradcheck refuse the same bad settings with the same words (a file adds its position).
 */
import test from 'ava';
import { createModel, train } from '../../src/core/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { checkJobMessage, jobMessage } from '../../src/distributed/job-message.js';
import { TRAINING_CODE_VERSION } from '../../src/core/version.js';
import { formatDiagnostic } from '../../src/sweep/diagnostics.js';
import { checkSweepText } from '../../src/sweep/load.js';
import { runCli } from '../helpers/cli.js';
import { tinyPlan } from '../helpers/run.js';

interface Case {
  what: string;
  settings: Record<string, unknown>;
  /** The problem as the library words it. */
  expected: string;
  /** The same settings on the command line of `train`, when it can say them. */
  argv?: string[];
}

const cases: Case[] = [
  {
    what: 'a learning rate that is not positive',
    settings: { learning_rate: -0.1 },
    expected: 'settings.learning_rate: must be > 0 (got -0.1)',
    argv: ['--lr', '-0.1'],
  },
  { what: 'zero epochs', settings: { epochs: 0 }, expected: 'settings.epochs: must be at least 1 (got 0)', argv: ['--epochs', '0'] },
  {
    what: 'a seed past the largest',
    settings: { seed: 2 ** 53 },
    expected: 'settings.seed: must be at most 9007199254740991 (got 9007199254740992)',
    argv: ['--seed', String(2 ** 53)],
  },
  { what: 'hidden sizes that are not a list', settings: { hidden_sizes: 8 }, expected: 'settings.hidden_sizes: must be a list (got 8)' },
  {
    what: 'a hidden layer of no units',
    settings: { hidden_sizes: [0] },
    expected: 'settings.hidden_sizes[0]: must be at least 1 (got 0)',
    argv: ['--hidden', '0'],
  },
  {
    what: 'a misspelt init',
    settings: { init: 'glorat' },
    expected: 'settings.init: must be one of zeros, glorot, normal (got "glorat")\n  hint: did you mean "glorot"?',
    argv: ['--init', 'glorat'],
  },
  {
    what: 'an unknown setting',
    settings: { lr: 0.5 },
    expected: 'settings.lr: unknown setting (got "lr")\n  hint: did you mean "learning_rate"?',
  },
  {
    what: 'a batch larger than the train_limit',
    settings: { batch_size: 5000, train_limit: 3000 },
    expected:
      'settings.batch_size: is larger than the training set of 3000 examples (train_limit) (got 5000)\n' +
      '  hint: use a batch size of at most 3000',
    argv: ['--batch', '5000', '--train-limit', '3000'],
  },
];

/** The problem without its `settings.` path and its hint: what every entry point must say. */
const core = (expected: string): string => expected.split('\n')[0].replace(/^settings\./, '');

// Refused before the data is touched, so no dataset is needed.
const noData = null as unknown as Dataset;

for (const c of cases) {
  test(`the library's train() refuses ${c.what}`, (t) => {
    t.throws(() => train(c.settings, noData), { name: 'SettingsError', message: c.expected });
  });

  test(`createModel() refuses ${c.what} with the same message`, (t) => {
    t.throws(() => createModel(c.settings), { name: 'SettingsError', message: c.expected });
  });

  test(`a sweep file refuses ${c.what} with the same message, at its position`, (t) => {
    const yaml = `name: bad\nfixed: ${JSON.stringify(c.settings)}\n`;
    const check = checkSweepText(yaml, 'bad.yaml');
    t.false(check.ok);
    const printed = check.ok ? '' : check.diagnostics.map(formatDiagnostic).join('\n');
    t.regex(printed, /^bad\.yaml:2:\d+: /);
    t.is(printed.replace(/^bad\.yaml:2:\d+: /, ''), c.expected.replace(/^settings\./, 'fixed.'));
  });

  test(`a job message refuses ${c.what} with the same message`, (t) => {
    const [job] = tinyPlan('messages').jobs;
    const message = { ...jobMessage(job, 'b'.repeat(64), 'a'.repeat(64)), settings: { ...job.settings, ...c.settings } };
    const check = checkJobMessage(message, { codeVersion: TRAINING_CODE_VERSION, datasetDigest: 'a'.repeat(64) });
    t.false(check.ok);
    t.is(check.ok ? '' : check.reason, `it is not a valid job message: settings.${core(c.expected)}`);
  });
}

// One CLI run per command (each is a Node process): the two flag-driven ones that show the words match.
for (const c of cases.filter((x) => x.argv !== undefined && ['zero epochs', 'a batch larger than the train_limit'].includes(x.what))) {
  test(`mlp-sweep train refuses ${c.what} with the same message, before loading any data`, async (t) => {
    const run = await runCli(['train', ...(c.argv ?? [])]);
    t.is(run.code, 1);
    t.is(run.stderr, `mlp-sweep: ${c.expected}\n`);
    t.is(run.stdout, '');
  });
}

test('mlp-sweep gradcheck refuses a hidden layer of no units with the same message', async (t) => {
  const run = await runCli(['gradcheck', '--hidden', '0']);
  t.is(run.code, 1);
  t.is(run.stderr, 'mlp-sweep: settings.hidden_sizes[0]: must be at least 1 (got 0)\n');
});
