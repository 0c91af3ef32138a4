import anyTest, { type TestFn } from 'ava';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/journal/checkpoint/record.js';
import type { TrainSettings } from '../../src/core/settings.js';
import type { TrainingSnapshot } from '../../src/core/training-state.js';
import { TrainingInterrupted, train } from '../../src/core/train.js';
import type { TrainOutcome } from '../../src/core/metrics.js';
import { mnist } from '../helpers/mnist.js';
import { nativeTest } from '../helpers/native.js';

/** What must be bit-identical: every metric but the timings. */
const computed = (o: TrainOutcome) => ({
  status: o.status,
  test: o.test,
  divergence: o.divergence,
  epochs: o.epochs.map(({ train_seconds: _, ...m }) => m),
});

/** Through the checkpoint's bytes, as a resumed job gets it from disk. */
const throughFile = (s: TrainingSnapshot): TrainingSnapshot =>
  decodeCheckpoint(encodeCheckpoint({ ...s, job_id: 'x', code_version: 1, dataset_digest: null }), 'memory');

/**
 * Trains `settings`, stopping after each number of batches in `stops` (counted from the start of each
 * attempt) and resuming from the last checkpoint, until it finishes. Returns the outcome and the epochs
 * each attempt started from.
 */
function trainWithStops(settings: Partial<TrainSettings>, stops: number[], dueEvery = 0): { outcome: TrainOutcome; starts: string[] } {
  let last: TrainingSnapshot | undefined;
  const starts: string[] = [];
  for (let attempt = 0; ; attempt++) {
    let batches = 0;
    const stopAt = stops[attempt] ?? Number.POSITIVE_INFINITY;
    starts.push(last ? `${last.state.position.epoch}.${last.state.position.batch}` : 'start');
    try {
      const outcome = train(settings, mnist(), {
        resume: last,
        shouldStop: () => ++batches > stopAt,
        checkpoint: { due: () => dueEvery > 0 && batches % dueEvery === 0, write: (s) => (last = throughFile(s)) },
      });
      return { outcome, starts };
    } catch (error) {
      if (!(error instanceof TrainingInterrupted)) throw error;
    }
  }
}

// 1,000 examples in batches of 150: 7 batches an epoch, the last one partial
const SETTINGS: Partial<TrainSettings> = { hidden_sizes: [24, 12], batch_size: 150, epochs: 3, train_limit: 1000, seed: 4 };

function resumeSuite(test: TestFn, kernels: 'wasm' | 'native') {
  const settings = { ...SETTINGS, kernels };
  test(`${kernels}: a run stopped mid-epoch and resumed from its checkpoint ends bit-identical to an uninterrupted one`, (t) => {
    const reference = computed(train(settings, mnist()));
    const { outcome, starts } = trainWithStops(settings, [3, 9, 4]);
    t.deepEqual(starts, ['start', '1.3', '2.5', '3.2']);
    t.deepEqual(computed(outcome), reference);
  });

  test(`${kernels}: a run stopped at an epoch boundary resumes from that epoch's checkpoint, bit-identical`, (t) => {
    const reference = computed(train(settings, mnist()));
    // 7 batches an epoch: the 8th batch is the first of epoch 2, a stop there resumes from the end of epoch 1
    const { outcome, starts } = trainWithStops(settings, [7, 7]);
    t.deepEqual(starts, ['start', '2.0', '3.0']);
    t.deepEqual(computed(outcome), reference);
  });

  test(`${kernels}: timed checkpoints inside epochs change nothing that is computed`, (t) => {
    const reference = computed(train(settings, mnist()));
    const { outcome } = trainWithStops(settings, [], 2);
    t.deepEqual(computed(outcome), reference);
  });
}

resumeSuite(anyTest, 'wasm');
resumeSuite(nativeTest(anyTest, 'native resume'), 'native');

anyTest('a run resumed from the checkpoint written after its last epoch only runs the test pass', (t) => {
  const settings = { ...SETTINGS, kernels: 'wasm' as const };
  let last: TrainingSnapshot | undefined;
  const reference = train(settings, mnist(), { checkpoint: { due: () => false, write: (s) => (last = throughFile(s)) } });
  t.deepEqual(last!.state.position, { epoch: 4, batch: 0 });
  let batches = 0;
  const resumed = train(settings, mnist(), { resume: last, shouldStop: () => ++batches > 0 });
  t.is(batches, 0, 'no batch was trained');
  t.deepEqual(computed(resumed), computed(reference));
});
