import test from 'ava';
import { Rng } from '../../src/core/rng.js';
import { ashaDecisions, key, type AshaInput, type Decision, type RungResult } from '../../src/sweep/search/asha.js';

const ok = (value: number): RungResult => ({ status: 'ok', value });

function input(results: Map<string, RungResult>, over: Partial<AshaInput> = {}): AshaInput {
  return { trials: 6, rungs: [1, 3], reductionFactor: 3, metric: 'validation_accuracy', results, journaled: [], ...over };
}

/** `t3 r0 promoted`: a decision as one comparable line. */
const line = (d: Decision) => `t${d.trial} r${d.rung} ${d.decision}`;
const sorted = (decisions: Decision[]) => decisions.map(line).sort();

function rung0(values: number[]): Map<string, RungResult> {
  return new Map(values.map((v, t) => [key(t, 0), ok(v)]));
}

test('the best third of each prefix is promoted, the rest stop once the rung is complete', (t) => {
  const state = ashaDecisions(input(rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4])));
  // prefix 0..2 promotes trial 1; prefix 0..5 promotes its best two, 1 and 3
  t.deepEqual(state.decisions.map(line), [
    't1 r0 promoted',
    't3 r0 promoted',
    't0 r0 stopped',
    't2 r0 stopped',
    't4 r0 stopped',
    't5 r0 stopped',
  ]);
  t.deepEqual(state.runnable, [
    { trial: 1, rung: 1 },
    { trial: 3, rung: 1 },
  ]);
});

test('a decision waits until every earlier trial has reached or left the rung', (t) => {
  const results = rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4]);
  results.delete(key(1, 0));
  const state = ashaDecisions(input(results));
  t.deepEqual(state.decisions, []);
  t.deepEqual(state.runnable, [{ trial: 1, rung: 0 }]);
});

test('a trial not promoted at first is promoted later when the prefix has grown', (t) => {
  // trial 0 is the best of 0..2? no: trial 2 is; with 0..5 the best two are 2 and 0
  const state = ashaDecisions(input(rung0([0.8, 0.1, 0.9, 0.2, 0.3, 0.4])));
  t.deepEqual(state.decisions.slice(0, 2).map(line), ['t2 r0 promoted', 't0 r0 promoted']);
  t.deepEqual(state.decisions[1].compared.map((c) => c.trial), [2, 0, 5, 4, 3, 1]);
});

test('ties are broken by the lower index', (t) => {
  const state = ashaDecisions(input(rung0([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));
  t.deepEqual(state.decisions.filter((d) => d.decision === 'promoted').map(line), ['t0 r0 promoted', 't1 r0 promoted']);
});

test('validation_loss is minimised', (t) => {
  const state = ashaDecisions(input(rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4]), { metric: 'validation_loss' }));
  t.deepEqual(state.decisions.filter((d) => d.decision === 'promoted').map(line), ['t0 r0 promoted', 't5 r0 promoted']);
});

test('a diverged or failed trial leaves the rung and takes no place in the prefix', (t) => {
  const results = rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4]);
  results.set(key(1, 0), { status: 'diverged', value: null });
  results.set(key(3, 0), { status: 'failed', value: null });
  const state = ashaDecisions(input(results));
  // the prefix is 0, 2, 4, 5: its best ⌊4/3⌋ = 1 is trial 2
  t.deepEqual(state.decisions.filter((d) => d.decision === 'promoted').map(line), ['t2 r0 promoted']);
  t.deepEqual(state.trials[1], { state: 'left', rung: 0 });
});

test('a journaled decision is replayed, never re-decided', (t) => {
  const journaled: Decision[] = [{ trial: 3, rung: 0, decision: 'stopped', compared: [] }];
  const state = ashaDecisions(input(rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4]), { journaled }));
  t.false(state.decisions.some((d) => d.trial === 3 && d.decision === 'promoted'));
  t.deepEqual(state.trials[3], { state: 'stopped', rung: 0 });
});

test('trials that reach the last rung are complete', (t) => {
  const results = rung0([0.5, 0.9, 0.7, 0.8, 0.6, 0.4]);
  results.set(key(1, 1), ok(0.95));
  results.set(key(3, 1), ok(0.9));
  const state = ashaDecisions(input(results));
  t.deepEqual(state.trials.map((s) => s.state), ['stopped', 'complete', 'stopped', 'complete', 'stopped', 'stopped']);
  t.deepEqual(state.runnable, []);
});

/**
 * Runs a whole search as workers would, finishing the runnable rung runs in an order drawn from `seed`
 * (any arrival order), and returns every decision with the values it compared.
 */
function simulate(values: (trial: number, rung: number) => number, trials: number, rungs: number[], seed: number): string[] {
  const rng = new Rng(seed, 'sample');
  const results = new Map<string, RungResult>();
  const journaled: Decision[] = [];
  for (;;) {
    const state = ashaDecisions({ trials, rungs, reductionFactor: 3, metric: 'validation_accuracy', results, journaled });
    // decisions are journaled as they are made; a later call must replay, not change, them
    for (const d of state.decisions) if (!journaled.some((j) => j.trial === d.trial && j.rung === d.rung)) journaled.push(d);
    if (state.runnable.length === 0) return journaled.map((d) => `${line(d)} [${d.compared.map((c) => `${c.trial}:${c.value}`).join(' ')}]`).sort();
    // a random subset of the runnable runs finishes, in a random order
    const { trial, rung } = state.runnable[Math.floor(rng.uniform() * state.runnable.length)];
    results.set(key(trial, rung), ok(values(trial, rung)));
  }
}

test('the decisions are the same for any order in which rung results arrive', (t) => {
  const trials = 20;
  const rungs = [1, 3, 9];
  // distinct values with some ties; a trial's later rungs improve on its first
  const values = (trial: number, rung: number) => Math.round(((trial * 7919) % 23) * 10 + rung * 5) / 1000;
  const first = simulate(values, trials, rungs, 1);
  t.true(first.some((d) => d.includes(' r1 promoted')), 'the search reaches the last rung');
  for (let seed = 2; seed <= 12; seed++) t.deepEqual(simulate(values, trials, rungs, seed), first, `arrival order ${seed}`);
  // in plan order, one at a time: what a single worker does
  const single = (() => {
    const results = new Map<string, RungResult>();
    for (;;) {
      const state = ashaDecisions({ trials, rungs, reductionFactor: 3, metric: 'validation_accuracy', results, journaled: [] });
      if (state.runnable.length === 0) return sorted(state.decisions);
      const [{ trial, rung }] = state.runnable;
      results.set(key(trial, rung), ok(values(trial, rung)));
    }
  })();
  t.deepEqual(first.map((d) => d.replace(/ \[.*$/, '')), single);
});
