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
   * Epochs trained when the expected trials reach each rung. A promoted trial continues from its previous
   * rung's checkpoint, so each rung costs the epochs it adds: rung k, (e_k − e_{k−1}) per trial.
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
    epochs: rungs.reduce((sum, r, k) => sum + (r.epochs - (k === 0 ? 0 : rungs[k - 1].epochs)) * r.trials, 0),
    fullBudget: trials * stopping.maxEpochs,
  };
}

/**
 * When the last rung expects no trial (⌊n/η^L⌋ = 0: 24 trials, η = 3, 1..27 epochs gives 24, 8, 2, 0), the
 * three ways to a ladder whose last rung expects at least one: that many trials, or (keeping the trials)
 * fewer rungs, by a smaller max_epochs or a larger min_epochs. Null when the last rung expects one or more.
 */
export function topRungFix(stopping: EarlyStopping, trials: number): { trials: number; maxEpochs: number; minEpochs: number } | null {
  const preview = ladderPreview(stopping, trials);
  if (preview.rungs.at(-1)!.trials >= 1) return null;
  const eta = stopping.reductionFactor;
  // the most rungs above the first that n trials fill: η^levels ≤ n
  let levels = 0;
  while (eta ** (levels + 1) <= trials) levels++;
  return {
    trials: eta ** (preview.rungs.length - 1),
    maxEpochs: stopping.minEpochs * eta ** levels,
    minEpochs: Math.ceil(stopping.maxEpochs / eta ** levels),
  };
}
