/**
 * The rung ladder of ASHA early stopping: rung k trains a trial to min_epochs·η^k epochs, the last rung to
 * max_epochs. `plan` shows it with the trials each rung expects (⌊n/η^k⌋ of n) and the epochs that costs.
 */
import type { EarlyStopping } from './search.js';

export function rungEpochs(stopping: EarlyStopping): number[] {
  const rungs: number[] = [];
  for (let epochs = stopping.minEpochs; epochs < stopping.maxEpochs; epochs *= stopping.reductionFactor) rungs.push(epochs);
  rungs.push(stopping.maxEpochs);
  return rungs;
}

export interface RungPreview {
  rung: number;
  epochs: number;
  /** How many trials reach this rung when every rung keeps ⌊n/η⌋ of the n that reach it (ASHA keeps about that many). */
  trials: number;
}

export interface LadderPreview {
  rungs: RungPreview[];
  /**
   * Epochs trained when the expected trials reach each rung. A promoted trial trains again from epoch 0 to
   * the next rung (rungs do not continue from a checkpoint yet), so each rung costs its full epochs.
   */
  epochs: number;
  /** Epochs every trial trained to max_epochs would take: the grid's budget. */
  fullBudget: number;
}

export function ladderPreview(stopping: EarlyStopping, trials: number): LadderPreview {
  const epochsPerRung = rungEpochs(stopping);
  const rungs = epochsPerRung.map((epochs, rung) => ({
    rung,
    epochs,
    trials: rung === 0 ? trials : Math.floor(trials / stopping.reductionFactor ** rung),
  }));
  return {
    rungs,
    epochs: rungs.reduce((sum, r) => sum + r.epochs * r.trials, 0),
    fullBudget: trials * stopping.maxEpochs,
  };
}
