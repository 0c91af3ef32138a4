/**
 * What calibration measures: a network shape and its rates. Apart from the measurement (measure.ts),
 * which loads the training code, so that `plan` loads that only when a shape is not cached.
 */
import type { TrainSettings } from '../core/settings.js';

/** What one shape is measured for: the settings that change the speed of a training step. */
export type Shape = Pick<TrainSettings, 'hidden_sizes' | 'batch_size' | 'precision'> & { kernels: string };

export function shapeKey(shape: Shape): string {
  return `${shape.kernels}/${shape.precision}/${shape.hidden_sizes.join('-') || 'none'}/batch ${shape.batch_size}`;
}

/** Training steps (forward, backward, update) and evaluation (forward only, in EVAL_ROWS-row batches) run at different rates. */
export interface ShapeRates {
  train: number;
  evaluate: number;
}
