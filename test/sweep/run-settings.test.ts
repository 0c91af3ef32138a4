import test from 'ava';
import { DEFAULT_RUN_SETTINGS } from '../../src/core/run-settings.js';
import { formatDiagnostic } from '../../src/sweep/diagnostics.js';
import { checkSweepText } from '../../src/sweep/load.js';
import { planOf } from '../helpers/sweeps.js';

const BODY = `name: keeps
fixed: { hidden_sizes: [16], epochs: 2, train_limit: 500 }
grid: { learning_rate: [0.1, 0.05] }
`;

test('checkpoint, checkpoint_every_s and keep are run settings of the plan, defaults where not given', (t) => {
  t.deepEqual(planOf(BODY).run, DEFAULT_RUN_SETTINGS);
  t.deepEqual(planOf(`${BODY}checkpoint: false\ncheckpoint_every_s: 12.5\nkeep: final\n`).run, {
    checkpoint: false,
    checkpoint_every_s: 12.5,
    keep: 'final',
  });
});

test('the run settings do not change any job id: they cannot change what a job computes', (t) => {
  const ids = (extra: string) => planOf(`${BODY}${extra}`).jobs.map((j) => j.id);
  t.deepEqual(ids('checkpoint: false\nkeep: final\n'), ids(''));
  t.deepEqual(ids('checkpoint_every_s: 1\n'), ids(''));
});

test('a run setting out of its domain is refused with its place and the choices', (t) => {
  const check = checkSweepText(`${BODY}keep: all\ncheckpoint_every_s: 0\n`, 'keeps.yaml');
  t.false(check.ok);
  const lines = check.ok ? [] : check.diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]);
  t.true(lines.some((l) => /^keeps\.yaml:4:7: keep: must be one of none, final \(got "all"\)/.test(l)), lines.join('\n'));
  t.true(lines.some((l) => /^keeps\.yaml:5:21: checkpoint_every_s: must be > 0 \(got 0\)/.test(l)), lines.join('\n'));
});
