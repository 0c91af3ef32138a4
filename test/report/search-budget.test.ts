import test from 'ava';
import type { ReportRecord, ReportSettings } from '../../src/report/record.js';
import type { ReportJob, SweepResults } from '../../src/report/results.js';
import { searchBudget, trialBudgets } from '../../src/report/search-budget.js';
import type { EarlyStopping } from '../../src/sweep/search/search.js';

const STOPPING: EarlyStopping = { method: 'asha', metric: 'validation_accuracy', minEpochs: 1, maxEpochs: 9, reductionFactor: 3 };

/** A run's record as the report reads it: epochs 0..`to`, from where it continued, diverged in an epoch or not. */
function run(epochs: number, to: number, o: { continuedFrom?: number; status?: ReportRecord['status']; diverged?: number } = {}): ReportRecord {
  return {
    id: `run-${epochs}`,
    status: o.status ?? 'ok',
    name: null,
    index: 0,
    settings: { epochs } as ReportSettings,
    error: null,
    epochs: Array.from({ length: to + 1 }, (_, epoch) => ({ epoch, train_loss: null, train_accuracy: null, validation_loss: 1, validation_accuracy: 0.5, train_seconds: 0 })),
    test: null,
    divergence: o.diverged === undefined ? null : { epoch: o.diverged, batch: 3, loss: null },
    kernels: null,
    train_examples_per_second: null,
    wall_seconds: 1,
    code_version: 2,
    finished_at: null,
    gradcheck: null,
    continuedFrom: o.continuedFrom ?? null,
  };
}

/** Trials as (their rung runs below the last, their own record), in plan order. */
function results(trials: [ReportRecord[], ReportRecord | null][]): SweepResults {
  const jobs: ReportJob[] = trials.map(([, own], index) => ({ id: `t${index}`, index, name: null, settings: { epochs: 9 } as ReportSettings, status: own?.status ?? 'pending', record: own }));
  return {
    sweep: 's', description: null, createdAt: null, codeVersion: 2, planned: true, jobs, varying: [], outsidePlan: 0, earlyStopping: STOPPING, warnings: [],
    rungRuns: trials.flatMap(([runs], trial) => runs.map((record) => ({ trial, record }))),
  };
}

const r0 = run(1, 1);
const r1 = run(3, 3, { continuedFrom: 2 });
const sweep = results([
  [[r0, r1], run(9, 9, { continuedFrom: 4 })], // promoted twice, continuing: 1 + 2 + 6
  [[r0, r1], { ...r1, status: 'stopped' }], // stopped at rung 1: its own record copies that rung's
  [[r0, run(3, 1, { continuedFrom: 2, status: 'diverged', diverged: 2 })], run(3, 1, { continuedFrom: 2, status: 'diverged', diverged: 2 })], // diverged in epoch 2
  [[r0, run(3, 3)], { ...run(3, 3), status: 'stopped' }], // promoted without a checkpoint: retrained 3
  [[], null], // pending
]);

test("each trial's runs count the epochs they added, a stopped or diverged trial's own copy of its rung not again", (t) => {
  t.deepEqual(
    trialBudgets(sweep, STOPPING).map(({ trial, rung, epochs, byRung, retrained }) => [trial, rung, epochs, byRung, retrained]),
    [
      [0, 2, 9, [1, 2, 6], 0],
      [1, 1, 3, [1, 2, 0], 0],
      [2, 1, 2, [1, 1, 0], 0],
      [3, 1, 4, [1, 3, 0], 1],
      [4, -1, 0, [0, 0, 0], 0],
    ],
  );
});

test('the search budget sums the trials against every trial trained to max_epochs', (t) => {
  t.deepEqual(searchBudget(sweep, STOPPING), { epochs: 9 + 3 + 2 + 4, fullBudget: 5 * 9, retrained: 1 });
});
