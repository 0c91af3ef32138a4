import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { importance, type Importance } from '../../src/report/importance.js';
import { importanceMarkdown } from '../../src/report/importance-table.js';
import { loadSweepResults } from '../../src/report/load.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { curveTo, writeSyntheticSweep, type SyntheticJob } from '../helpers/report/synthetic.js';

/** A 2 × 2 grid, two seeds: accuracy (%) = 90 + effect(lr) + effect(batch) + interaction + seed noise ±0.5. */
async function grid(
  t: ExecutionContext,
  effect: (lr: number, batch: number) => number,
): Promise<Importance> {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-importance-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const jobs: SyntheticJob[] = [];
  for (const learning_rate of [0.1, 0.01]) {
    for (const batch_size of [50, 200]) {
      for (const seed of [1, 2]) {
        const percent = 90 + effect(learning_rate, batch_size) + (seed === 1 ? 0.5 : -0.5);
        jobs.push({ settings: { learning_rate, batch_size, seed }, curve: curveTo(percent / 100, 3) });
      }
    }
  }
  const results = await loadSweepResults(writeSyntheticSweep(root, 'known', ['learning_rate', 'batch_size'], jobs));
  const imp = importance(results);
  if (imp === null) throw new Error('no importance for a grid');
  return imp;
}

const byTerm = (imp: Importance, term: string) => imp.terms.find((x) => x.term === term)!;
const close = (t: ExecutionContext, actual: number | null, expected: number, what: string) =>
  t.true(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);

test('a grid with seeds splits the variance into main effects, their interaction and seed noise, as constructed', async (t) => {
  // lr: ±2 pp, batch: ±1 pp, no interaction. Over 8 jobs: SS_lr = 8·2² = 32, SS_batch = 8·1² = 8, SS_noise = 8·0.5² = 2.
  const imp = await grid(t, (lr, batch) => (lr === 0.1 ? 2 : -2) + (batch === 50 ? 1 : -1));
  t.is(imp.method, 'anova');
  t.deepEqual(imp.terms.map((x) => x.term), ['learning_rate', 'batch_size', 'learning_rate × batch_size', 'seed noise']);
  close(t, imp.total, 42, 'total sum of squares');
  close(t, byTerm(imp, 'learning_rate').ss, 32, 'SS learning_rate');
  close(t, byTerm(imp, 'batch_size').ss, 8, 'SS batch_size');
  close(t, byTerm(imp, 'learning_rate × batch_size').ss, 0, 'SS interaction');
  close(t, byTerm(imp, 'seed noise').ss, 2, 'SS noise');
  close(t, byTerm(imp, 'learning_rate').share, 32 / 42, 'share learning_rate');
  // The noise has 8 − 4 = 4 degrees of freedom, mean square 0.5: F_lr = 32 / 0.5, F_batch = 8 / 0.5.
  close(t, byTerm(imp, 'learning_rate').f, 64, 'F learning_rate');
  close(t, byTerm(imp, 'batch_size').f, 16, 'F batch_size');
  t.true(byTerm(imp, 'learning_rate').p! < 0.05);
  t.true(byTerm(imp, 'learning_rate × batch_size').p! > 0.5);
  close(t, imp.seedStd, Math.sqrt(0.5), 'pooled seed std');
  close(t, byTerm(imp, 'learning_rate').range, 4, 'range of the learning rate means');
  t.deepEqual(byTerm(imp, 'learning_rate').levels.map((l) => l.value), ['0.01', '0.1']);
  matchesGolden(t, 'importance/known-effects.md', importanceMarkdown(imp));
});

test('an effect that exists only in combination shows as the interaction, not as a main effect', async (t) => {
  const imp = await grid(t, (lr, batch) => ((lr === 0.1) === (batch === 50) ? 1 : -1));
  close(t, byTerm(imp, 'learning_rate').ss, 0, 'SS learning_rate');
  close(t, byTerm(imp, 'batch_size').ss, 0, 'SS batch_size');
  close(t, byTerm(imp, 'learning_rate × batch_size').ss, 8, 'SS interaction');
  t.true(byTerm(imp, 'learning_rate × batch_size').p! < 0.05);
  t.true(byTerm(imp, 'learning_rate').p! > 0.5);
});

test('named runs that tie two settings get a labelled estimate that says they cannot be told apart', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-importance-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  // As the init-methods study: zeros and glorot at lr 0.1, normal at lr 0.01.
  const runs = [
    { init: 'zeros', learning_rate: 0.1, final: 0.11 },
    { init: 'glorot', learning_rate: 0.1, final: 0.97 },
    { init: 'normal', learning_rate: 0.01, final: 0.94 },
  ];
  const jobs = runs.flatMap(({ final, ...settings }) => [1, 2].map((seed) => ({ settings: { ...settings, seed }, curve: curveTo(final + seed / 1000, 2) })));
  const imp = importance(await loadSweepResults(writeSyntheticSweep(root, 'tied', ['init', 'learning_rate'], jobs)))!;
  t.is(imp.method, 'estimate');
  t.regex(imp.notes[0], /estimate, not a decomposition/);
  t.true(imp.notes.includes('init and learning_rate never vary independently: their effects cannot be told apart.'));
  t.true(imp.terms.every((x) => x.f === null && x.p === null));
});

test('in an estimate, a numeric setting that helps monotonically has a rank correlation of 1', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-importance-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  // A search-like sweep: learning rates sampled without a grid partner, accuracy rising with the rate.
  const rates = [0.002, 0.007, 0.02, 0.05, 0.2];
  const jobs = rates.map((learning_rate, i) => ({ settings: { learning_rate, batch_size: i % 2 === 0 ? 50 : 200 }, curve: curveTo(0.8 + 0.03 * i, 2) }));
  const results = await loadSweepResults(writeSyntheticSweep(root, 'search', ['learning_rate', 'batch_size'], jobs));
  const imp = importance(results)!;
  t.is(imp.method, 'estimate');
  close(t, byTerm(imp, 'learning_rate').rho, 1, 'Spearman rho of the learning rate');
  close(t, byTerm(imp, 'learning_rate').share, 1, 'share of the learning rate on its own');
});
