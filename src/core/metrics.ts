/** The plain records a training run produces: what workers return and the journal stores. */

export interface EpochMetrics {
  /** 0 is measured before any training (the study's "zero-shot validation"). */
  epoch: number;
  /** Mean cross-entropy over every example of the epoch, each measured on its batch's forward pass; null at epoch 0. */
  train_loss: number | null;
  train_accuracy: number | null;
  validation_loss: number;
  validation_accuracy: number;
  /** Wall seconds of the epoch's training steps (0 at epoch 0). */
  train_seconds: number;
}

export interface SplitMetrics {
  loss: number;
  accuracy: number;
}

export interface Divergence {
  epoch: number;
  /** 0-based batch within the epoch, or null when the validation loss was the first non-finite value. */
  batch: number | null;
  loss: number;
}

export interface TrainOutcome {
  status: 'ok' | 'diverged';
  epochs: EpochMetrics[];
  /** Test-set metrics after the last epoch; null when the run diverged. */
  test: SplitMetrics | null;
  divergence: Divergence | null;
  /** The kernel set that ran the job ('wasm', 'reference', …) and its detail line. */
  kernels: string;
  kernel_detail: string;
  /** Training examples per second over all epochs (steps only, no evaluation). */
  train_examples_per_second: number;
  wall_seconds: number;
}
