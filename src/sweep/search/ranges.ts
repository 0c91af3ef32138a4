/**
 * The rules of one space entry that a schema cannot say: a range that is a range (low < high), a log scale
 * that starts above 0, a step q > 0 with multiples in the range, a distribution that suits its setting
 * (whole numbers for batch_size), and ends the setting accepts (so every value sampled from the range
 * passes the settings' schema). Each problem that has one fix gives it as `write …`, checked to be valid.
 */
import { show, type Path, type Problem } from '../diagnostics.js';
import type { SettingName } from '../../core/settings-schema.js';
import { extremes, multiples } from './distributions.js';
import { flow } from './flow.js';
import { DISTRIBUTIONS, INTEGER_SETTINGS, type DistributionName } from './schema.js';
import type { Distribution } from './search.js';
import { validFor } from './settings-check.js';

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The distribution an entry names, when its shape is right (the schema reports shapes that are not). */
export function readDistribution(entry: unknown): Distribution | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const keys = Object.keys(entry);
  if (keys.length !== 1 || !(DISTRIBUTIONS as readonly string[]).includes(keys[0])) return undefined;
  const kind = keys[0] as DistributionName;
  const args = (entry as Record<string, unknown>)[kind];
  if (!Array.isArray(args)) return undefined;
  if (kind === 'choice') return args.length > 0 ? { kind, values: args } : undefined;
  if (!args.every(isNumber)) return undefined;
  if (kind === 'q_uniform' || kind === 'q_log_uniform') {
    return args.length === 3 ? { kind, low: args[0], high: args[1], q: args[2] } : undefined;
  }
  return args.length === 2 ? { kind, low: args[0], high: args[1] } : undefined;
}

/** The entry as a file writes it. */
export function writeDistribution(distribution: Distribution): Record<string, unknown> {
  switch (distribution.kind) {
    case 'choice':
      return { choice: distribution.values };
    case 'q_uniform':
    case 'q_log_uniform':
      return { [distribution.kind]: [distribution.low, distribution.high, distribution.q] };
    default:
      return { [distribution.kind]: [distribution.low, distribution.high] };
  }
}

/** For a whole-number setting: the whole-number form of a continuous distribution, or the distribution as it is. */
export function suited(key: SettingName, distribution: Distribution): Distribution {
  if (!INTEGER_SETTINGS.includes(key)) return distribution;
  const whole = (x: number) => Number.isInteger(x);
  if (distribution.kind === 'uniform' && whole(distribution.low) && whole(distribution.high)) {
    return { kind: 'int_uniform', low: distribution.low, high: distribution.high };
  }
  if (distribution.kind === 'uniform') return { kind: 'q_uniform', low: distribution.low, high: distribution.high, q: 1 };
  if (distribution.kind === 'log_uniform') return { kind: 'q_log_uniform', low: distribution.low, high: distribution.high, q: 1 };
  return distribution;
}

/** A proposed entry for `key` that has no problem: the fix a hint may give. */
export function validProposal(key: SettingName, distribution: Distribution): string | undefined {
  const valid =
    distribution.kind === 'choice'
      ? distribution.values.length > 0 && distribution.values.every((value) => validFor(key, value))
      : distributionProblems(key, distribution, []).length === 0;
  return valid ? `write ${flow(writeDistribution(distribution))}` : undefined;
}

export function distributionProblems(key: SettingName, distribution: Distribution, at: Path): Problem[] {
  const path = [...at, distribution.kind];
  if (distribution.kind === 'choice') return []; // each value is checked by the schema, against the setting
  const { low, high } = distribution;
  const written = show(writeDistribution(distribution)[distribution.kind]);
  const problems: Problem[] = [];
  if (!(low < high)) {
    const swap = low > high ? validProposal(key, { ...distribution, low: high, high: low }) : undefined;
    problems.push({ path, message: 'must be a range [low, high] with low < high', got: written, hint: swap ? `the ends are swapped: ${swap}` : undefined });
  }
  const log = distribution.kind === 'log_uniform' || distribution.kind === 'q_log_uniform';
  if (log && !(low > 0)) {
    problems.push({ path, message: 'is a log scale, so it needs 0 < low < high', got: written, hint: 'a log scale has no 0; start the range above 0, or use uniform' });
  }
  if (problems.length > 0) return problems;

  if (distribution.kind === 'q_uniform' || distribution.kind === 'q_log_uniform') {
    const { q } = distribution;
    if (!(q > 0)) return [{ path: [...path, 2], message: 'is the step q, which must be > 0', got: show(q) }];
    if (INTEGER_SETTINGS.includes(key) && !Number.isInteger(q)) {
      return [{ path: [...path, 2], message: `is the step q, which must be a whole number for ${key}`, got: show(q), hint: validProposal(key, { ...distribution, q: 1 }) }];
    }
    const { first, last } = multiples(low, high, q);
    if (first > last) return [{ path, message: `has no multiple of q = ${q} between ${low} and ${high}`, got: written, hint: 'use a smaller q, or a wider range' }];
  }
  if (INTEGER_SETTINGS.includes(key) && (distribution.kind === 'uniform' || distribution.kind === 'log_uniform')) {
    const fix = validProposal(key, suited(key, distribution));
    return [{ path, message: `samples fractions, but ${key} is a whole number`, got: written, hint: fix }];
  }
  const ends = extremes(distribution);
  for (const [i, end] of ends.entries()) {
    if (validFor(key, end)) continue;
    return [
      {
        path: [...path, i],
        message: `can give ${end}, which is not a valid ${key}`,
        got: show(end),
        hint: key === 'learning_rate' ? 'learning_rate must be > 0: start the range above 0' : `every value in the range must be a valid ${key} (see docs/SWEEP-FILES.md, Settings)`,
      },
    ];
  }
  return [];
}
