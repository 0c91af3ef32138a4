import test from 'ava';
import { ladderPreview, rungEpochs, topRungFix } from '../../src/sweep/search/rungs.js';
import type { EarlyStopping } from '../../src/sweep/search/search.js';

const asha = (minEpochs: number, maxEpochs: number, reductionFactor = 3): EarlyStopping => ({
  method: 'asha',
  metric: 'validation_accuracy',
  minEpochs,
  maxEpochs,
  reductionFactor,
});

const ladders: [EarlyStopping, number[]][] = [
  [asha(1, 27), [1, 3, 9, 27]],
  [asha(1, 20), [1, 3, 9, 20]],
  [asha(2, 10, 2), [2, 4, 8, 10]],
  [asha(5, 5), [5]],
];

for (const [stopping, rungs] of ladders) {
  test(`rungs from ${stopping.minEpochs} to ${stopping.maxEpochs} epochs with η = ${stopping.reductionFactor} are ${rungs.join(', ')}`, (t) => {
    t.deepEqual(rungEpochs(stopping), rungs);
  });
}

test("the ladder preview of the issue's example: 24 trials, 8, 2 and none at 27 epochs, 52 epochs of 648 as promoted trials continue", (t) => {
  const preview = ladderPreview(asha(1, 27), 24);
  t.deepEqual(preview.rungs.map((r) => r.trials), [24, 8, 2, 0]);
  t.is(preview.epochs, 24 * 1 + 8 * (3 - 1) + 2 * (9 - 3));
  t.is(preview.fullBudget, 648);
});

test("the issue's example gets a fix for its empty last rung, and each way of the fix gives a last rung with a trial", (t) => {
  const fix = topRungFix(asha(1, 27), 24);
  t.deepEqual(fix, { trials: 27, maxEpochs: 9, minEpochs: 3 });
  t.is(ladderPreview(asha(1, 27), fix!.trials).rungs.at(-1)!.trials, 1);
  t.deepEqual(ladderPreview(asha(1, fix!.maxEpochs), 24).rungs.map((r) => r.trials), [24, 8, 2]);
  t.deepEqual(ladderPreview(asha(fix!.minEpochs, 27), 24).rungs.map((r) => [r.epochs, r.trials]), [[3, 24], [9, 8], [27, 2]]);
});

const fixCases: [EarlyStopping, number][] = [
  [asha(1, 27), 5],
  [asha(1, 100, 2), 10],
  [asha(2, 50, 4), 3],
  [asha(1, 20), 8],
];
for (const [stopping, trials] of fixCases) {
  test(`the fix for ${trials} trials over ${stopping.minEpochs}..${stopping.maxEpochs} epochs with η = ${stopping.reductionFactor} gives a last rung with a trial every way`, (t) => {
    const fix = topRungFix(stopping, trials)!;
    t.not(fix, null);
    const top = (s: EarlyStopping, n: number) => ladderPreview(s, n).rungs.at(-1)!.trials;
    t.true(top(stopping, fix.trials) >= 1);
    t.true(fix.maxEpochs >= stopping.minEpochs && top({ ...stopping, maxEpochs: fix.maxEpochs }, trials) >= 1);
    t.true(fix.minEpochs <= stopping.maxEpochs && top({ ...stopping, minEpochs: fix.minEpochs }, trials) >= 1);
  });
}

test('a ladder whose last rung expects a trial needs no fix', (t) => {
  t.is(topRungFix(asha(1, 9), 9), null);
  t.is(topRungFix(asha(1, 27), 27), null);
});
