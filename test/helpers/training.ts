/** Training by hand through the library API, for comparing kernel sets step by step. */
import { Rng } from '../../src/core/rng.js';
import type { TrainSettings } from '../../src/core/settings.js';
import { createModel, evaluateSplit } from '../../src/core/train.js';
import { type Dataset, gatherBatch, takeFirst } from '../../src/data/dataset.js';
import type { Kernels } from '../../src/kernels/types.js';

export interface StepRun {
  /** Mean loss of each step's batch, measured on its forward pass. */
  losses: number[];
  params: Float32Array | Float64Array;
  validation: { loss: number; accuracy: number };
}

/** `steps` SGD steps of batch 200 in the seed's shuffled order, then the first `validationRows` scored. */
export function trainSteps(
  data: Dataset,
  kernels: Kernels,
  settings: Partial<TrainSettings>,
  steps: number,
  validationRows: number,
): StepRun {
  const batch = 200;
  const model = createModel({ ...settings, batch_size: batch }, { capacity: batch, kernels });
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  new Rng(settings.seed ?? 1, 'shuffle').shuffle(order);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    gatherBatch(model.input, model.labels, data.train, order, step * batch, batch);
    losses.push(model.lossAndGradient(batch).lossSum / batch);
    model.step(settings.learning_rate ?? 0.1);
  }
  return { losses, params: model.params, validation: evaluateSplit(model, takeFirst(data.validation, validationRows)) };
}
