/**
 * ASHA's decisions (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020) with a
 * deterministic rule, as a pure function of the rung results known so far:
 *
 *   - Trials are taken in plan order. At rung k, the prefix of trial m is the trials j ≤ m that reached
 *     rung k. When m's result arrives and every trial before m has reached or left rung k, the best
 *     ⌊|prefix|/η⌋ of the prefix (ties broken by the lower index) are promoted to rung k + 1, if they were
 *     not already: as in ASHA a trial that was not promoted may be promoted later, when the prefix has grown.
 *   - Once every trial has reached or left rung k, the trials of the rung that were never promoted stop.
 *   - A trial that diverged or failed at a rung leaves it (it takes no place in the prefix).
 *
 * So every decision depends on the results alone, never on the order they arrived in: with one worker or
 * sixty-four, each decision equals the one a single worker would make. Decisions already journaled are
 * taken as given (a resume replays them, never re-decides).
 */
import type { StoppingMetric } from './schema.js';

export interface RungResult {
  status: 'ok' | 'diverged' | 'failed';
  /** The metric at the rung's last epoch; null when it was not finite. */
  value: number | null;
}

export interface Decision {
  trial: number;
  rung: number;
  decision: 'promoted' | 'stopped';
  /** The trials and values the decision compared (the prefix of the rung when it was made), best first. */
  compared: { trial: number; value: number }[];
}

export interface AshaInput {
  trials: number;
  /** The epochs of each rung (rungs.ts). */
  rungs: readonly number[];
  reductionFactor: number;
  metric: StoppingMetric;
  /** The result of trial t at rung k, keyed `t:k`. */
  results: ReadonlyMap<string, RungResult>;
  /** Decisions made before (the journal's), kept as they are. */
  journaled: readonly Decision[];
}

export interface AshaState {
  /** Every decision, journaled ones included, in the order the rule makes them (rung, then prefix). */
  decisions: Decision[];
  /** Rung runs that may start now: the trial reached the rung and its result is not known. */
  runnable: { trial: number; rung: number }[];
  /** Each trial's place: reached the last rung, stopped at a rung, left one (diverged or failed), or still going. */
  trials: TrialState[];
}

export type TrialState =
  | { state: 'complete' | 'left'; rung: number }
  | { state: 'stopped'; rung: number }
  | { state: 'running'; rung: number };

export const key = (trial: number, rung: number): string => `${trial}:${rung}`;

/** Better first: higher accuracy, or lower loss; ties by the lower trial index. */
function ranking(metric: StoppingMetric) {
  const sign = metric === 'validation_loss' ? 1 : -1;
  return (a: { trial: number; value: number }, b: { trial: number; value: number }) => sign * (a.value - b.value) || a.trial - b.trial;
}

export function ashaDecisions(input: AshaInput): AshaState {
  const { trials, rungs, reductionFactor, results } = input;
  const decided = new Map<string, Decision>(input.journaled.map((d) => [key(d.trial, d.rung), d]));
  const order: Decision[] = [];
  const decide = (decision: Decision) => {
    const k = key(decision.trial, decision.rung);
    if (!decided.has(k)) decided.set(k, decision);
    order.push(decided.get(k)!);
  };
  const better = ranking(input.metric);
  const last = rungs.length - 1;
  // Where each trial stands as the rungs are walked: in rung k, out (stopped or left earlier), or not yet known.
  const entered = new Array<boolean>(trials).fill(true);
  const states: TrialState[] = Array.from({ length: trials }, () => ({ state: 'running', rung: 0 }));
  const runnable: AshaState['runnable'] = [];

  for (let k = 0; k <= last; k++) {
    const prefix: { trial: number; value: number }[] = [];
    let blocked = false;
    const next = new Array<boolean>(trials).fill(false);
    for (let m = 0; m < trials; m++) {
      const known = states[m].state !== 'running' || states[m].rung >= k;
      if (!known) {
        blocked = true; // m may still reach rung k: nothing after it is decided at this rung
        continue;
      }
      if (!entered[m]) continue;
      const result = results.get(key(m, k));
      if (result === undefined) {
        runnable.push({ trial: m, rung: k });
        blocked = true;
        continue;
      }
      if (result.status !== 'ok' || result.value === null) {
        states[m] = { state: 'left', rung: k };
        continue;
      }
      if (k === last) {
        states[m] = { state: 'complete', rung: k };
        continue;
      }
      // A promotion replayed from the journal stands even where the prefix would not (yet) give it.
      if (decided.get(key(m, k))?.decision === 'promoted' && !next[m]) {
        order.push(decided.get(key(m, k))!);
        next[m] = true;
      }
      if (blocked) continue;
      prefix.push({ trial: m, value: result.value });
      const ranked = [...prefix].sort(better);
      for (const { trial } of ranked.slice(0, Math.floor(prefix.length / reductionFactor))) {
        if (next[trial] || decided.get(key(trial, k))?.decision === 'stopped') continue;
        decide({ trial, rung: k, decision: 'promoted', compared: ranked });
        next[trial] = true;
      }
    }
    if (k === last) break;
    for (let m = 0; m < trials; m++) {
      if (!entered[m] || states[m].state !== 'running') continue;
      if (next[m]) {
        states[m] = { state: 'running', rung: k + 1 };
      } else if (!blocked && results.has(key(m, k))) {
        decide({ trial: m, rung: k, decision: 'stopped', compared: [...prefix].sort(better) });
        states[m] = { state: 'stopped', rung: k };
      } else if (decided.get(key(m, k))?.decision === 'stopped') {
        order.push(decided.get(key(m, k))!);
        states[m] = { state: 'stopped', rung: k };
      }
    }
    for (let m = 0; m < trials; m++) entered[m] = next[m];
  }
  return { decisions: order, runnable, trials: states };
}
