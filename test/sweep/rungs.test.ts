import test from 'ava';
import { ladderPreview, rungEpochs } from '../../src/sweep/search/rungs.js';
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

test("the ladder preview of the issue's example: 24 trials, 8, 2 and none at 27 epochs, 66 epochs of 648", (t) => {
  const preview = ladderPreview(asha(1, 27), 24);
  t.deepEqual(preview.rungs.map((r) => r.trials), [24, 8, 2, 0]);
  t.is(preview.epochs, 24 * 1 + 8 * 3 + 2 * 9);
  t.is(preview.fullBudget, 648);
});
