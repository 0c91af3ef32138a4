import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { searchLines } from '../../src/cli/commands/plan-search.js';
import { loadSweepFile } from '../../src/sweep/load.js';
import { tempDir } from '../helpers/run.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'experiments', 'lr-search.yaml');

/** The example with one line replaced, as a user applying a hint would. */
async function linesWith(from: RegExp, to: string): Promise<string[]> {
  const file = path.join(tempDir(), 'lr-search.yaml');
  writeFileSync(file, readFileSync(EXAMPLE, 'utf8').replace(from, to));
  return searchLines(await loadSweepFile(file));
}

test("plan warns that the issue's example expects no trial at its last rung, with a hint", async (t) => {
  const lines = searchLines(await loadSweepFile(EXAMPLE));
  const text = lines.join('\n');
  t.regex(text, /about 52 epochs \(promoted trials continue from their rung's checkpoint\) of the full budget's 648: 8 %/);
  t.regex(text, /warning: the last rung \(27 epochs\) expects no trial: 24 trials keep ⌊24\/3\^3⌋ = 0 there/);
  t.regex(text, /hint: search\.trials: 27, or early_stopping\.max_epochs: 9, or early_stopping\.min_epochs: 3/);
  t.regex(text, /rung checkpoints: up to \d+(\.\d+)? MB \(one per trial still going/);
});

for (const [from, to] of [
  [/trials: 24/, 'trials: 27'],
  [/max_epochs: 27/, 'max_epochs: 9'],
  [/min_epochs: 1 /, 'min_epochs: 3 '],
] as const) {
  test(`each way of the hint (${to}) gives a ladder whose last rung expects a trial`, async (t) => {
    const text = (await linesWith(from, to)).join('\n');
    t.notRegex(text, /warning:/);
    t.regex(text, /× [1-9]\d*\n/);
  });
}
