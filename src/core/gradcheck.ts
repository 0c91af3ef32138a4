/**
 * The gradient check: backprop against central differences, (L(θ+ε) − L(θ−ε)) / 2ε, on sampled
 * entries of every tensor, for ε = 1/(m·10^N), N = 1..5, m ∈ {1, 5}, as the study did and more.
 * Run it on a float64 model: in float32, round-off swamps the differences for small ε.
 */
import type { Split } from '../data/dataset.js';
import { gatherBatch } from '../data/dataset.js';
import { PrecisionError } from '../errors.js';
import type { Mlp } from './model.js';
import { Rng } from './rng.js';

/** ε = 1/(m·10^N) for N = 1..5 and m ∈ {1, 5}, largest first: 0.1, 0.02, 0.01, …, 1e-5, 2e-6. */
export const STUDY_EPSILONS: readonly number[] = [1, 2, 3, 4, 5].flatMap((N) => [1 / 10 ** N, 1 / (5 * 10 ** N)]);

export interface GradcheckRow {
  tensor: string;
  epsilon: number;
  /** How many entries of the tensor were compared. */
  samples: number;
  /** max |numeric − backprop| over the sampled entries. */
  max_abs_diff: number;
  /** max |numeric − backprop| / max(|numeric|, |backprop|, floor) over the sampled entries. */
  max_rel_error: number;
}

export interface GradcheckReport {
  rows: GradcheckRow[];
  /** Per tensor: the ε with the smallest max relative error, and that error. */
  best: { tensor: string; epsilon: number; max_rel_error: number; max_abs_diff: number }[];
  batch_rows: number;
  loss: number;
}

/**
 * The pass mark of `mlp-sweep gradcheck`: on every tensor, the max relative error at its best ε must
 * be below this. A correct float64 backward pass reaches ~1e-9 there (truncation ~ε², round-off
 * ~1e-16/ε); a wrong term in any layer gives errors of order 1e-2 to 1.
 */
export const GRADCHECK_THRESHOLD = 1e-6;

export interface GradcheckVerdict {
  passed: boolean;
  threshold: number;
  /** The tensors whose best relative error is not below the threshold (NaN fails too). */
  failed: GradcheckReport['best'];
}

export function gradcheckVerdict(report: GradcheckReport, threshold = GRADCHECK_THRESHOLD): GradcheckVerdict {
  const failed = report.best.filter((b) => !(b.max_rel_error < threshold));
  return { passed: failed.length === 0, threshold, failed };
}

export interface GradcheckOptions {
  epsilons?: readonly number[];
  /** Entries sampled per tensor (all of them when the tensor is smaller). */
  samplesPerTensor?: number;
  /** Seed of the entry sampling. */
  seed?: number;
  /**
   * Relative errors divide by max(|numeric|, |backprop|, floor): gradients below the floor are
   * compared absolutely, since their relative error is all round-off.
   */
  relativeFloor?: number;
}

/** Checks the model's gradients on the first `rows` examples of `split` (in its natural order). */
export function gradientCheck(model: Mlp, split: Split, rows: number, options: GradcheckOptions = {}): GradcheckReport {
  if (model.kernels.precision !== 'float64') {
    throw new PrecisionError(`the gradient check needs a float64 model (got ${model.kernels.precision})`, {
      hint: "create the model with precision: 'float64'",
    });
  }
  const epsilons = options.epsilons ?? STUDY_EPSILONS;
  const samplesPerTensor = options.samplesPerTensor ?? 10;
  const floor = options.relativeFloor ?? 1e-10;
  const rng = new Rng(options.seed ?? 0, 'sample');
  const M = Math.min(rows, split.count, model.capacity);
  gatherBatch(model.input, model.labels, split, null, 0, M);

  const meanLoss = (): number => model.evaluate(M).lossSum / M;
  const loss = model.lossAndGradient(M).lossSum / M;

  const result: GradcheckRow[] = [];
  const best: GradcheckReport['best'] = [];
  for (const tensor of model.tensors()) {
    const n = tensor.values.length;
    const picks =
      n <= samplesPerTensor
        ? Array.from({ length: n }, (_, i) => i)
        : Array.from({ length: samplesPerTensor }, () => rng.int(0, n - 1));
    const analytic = picks.map((i) => tensor.grad[i]);
    const rowsOfTensor: GradcheckRow[] = [];
    for (const epsilon of epsilons) {
      let maxAbs = 0;
      let maxRel = 0;
      picks.forEach((i, k) => {
        const saved = tensor.values[i];
        tensor.values[i] = saved + epsilon;
        const plus = meanLoss();
        tensor.values[i] = saved - epsilon;
        const minus = meanLoss();
        tensor.values[i] = saved;
        const numeric = (plus - minus) / (2 * epsilon);
        const diff = Math.abs(numeric - analytic[k]);
        maxAbs = Math.max(maxAbs, diff);
        maxRel = Math.max(maxRel, diff / Math.max(Math.abs(numeric), Math.abs(analytic[k]), floor));
      });
      rowsOfTensor.push({ tensor: tensor.name, epsilon, samples: picks.length, max_abs_diff: maxAbs, max_rel_error: maxRel });
    }
    const top = rowsOfTensor.reduce((a, b) => (b.max_rel_error < a.max_rel_error ? b : a));
    best.push({ tensor: tensor.name, epsilon: top.epsilon, max_rel_error: top.max_rel_error, max_abs_diff: top.max_abs_diff });
    result.push(...rowsOfTensor);
  }
  return { rows: result, best, batch_rows: M, loss };
}
