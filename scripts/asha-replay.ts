/**
 * ASHA against the full grid, from one grid run: `node dist/scripts/asha-replay.js results/<sweep> [η] [min]`.
 *
 * A rung run computes exactly the first epochs of the full run (tested in test/run/early-stopping.test.ts),
 * so ASHA's decisions over a finished grid follow from each job's epoch curve alone: this replays the
 * decision rule (src/sweep/search/asha.ts) on the journal's curves, in plan order, and prints the best
 * configuration each finds and the epochs each spends (ASHA as run today, each rung retrained from epoch 0,
 * and as it would be continuing from checkpoints). Indicative: it measures decisions, not wall time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PLAN_FILE, parsePlanFile } from '../src/journal/plan-file.js';
import { latestById, readJournal } from '../src/journal/read.js';
import { ashaDecisions, key, type RungResult } from '../src/sweep/search/asha.js';
import { rungEpochs } from '../src/sweep/search/rungs.js';

const [dir, eta = '3', min = '1'] = process.argv.slice(2);
const { plan } = parsePlanFile(readFileSync(path.join(dir, PLAN_FILE), 'utf8'), PLAN_FILE);
if (!plan) throw new Error(`${dir}: no plan.json`);
const latest = latestById(readJournal(dir).records);
const jobs = plan.jobs.map((job) => latest.get(job.id)).filter((r) => r !== undefined && r.status === 'ok');
if (jobs.length !== plan.jobs.length) throw new Error(`${dir}: ${plan.jobs.length - jobs.length} jobs without an ok record`);
const maxEpochs = Math.min(...jobs.map((r) => r!.epochs.length - 1));
const stopping = { method: 'asha' as const, metric: 'validation_accuracy' as const, minEpochs: Number(min), maxEpochs, reductionFactor: Number(eta) };
const rungs = rungEpochs(stopping);
const results = new Map<string, RungResult>();
jobs.forEach((record, trial) => rungs.forEach((epochs, rung) => results.set(key(trial, rung), { status: 'ok', value: record!.epochs[epochs].validation_accuracy })));
const state = ashaDecisions({ trials: jobs.length, rungs, reductionFactor: stopping.reductionFactor, metric: stopping.metric, results, journaled: [] });

const top = (r: number) => state.trials.map((s, trial) => ({ s, trial })).filter(({ s }) => s.rung >= r);
const reachedRung = (trial: number) => state.trials[trial].rung;
const highest = Math.max(...state.trials.map((s) => s.rung));
const ashaBest = top(highest).map(({ trial }) => ({ trial, value: results.get(key(trial, highest))!.value! })).sort((a, b) => b.value - a.value || a.trial - b.trial)[0];
const gridBest = jobs.map((r, trial) => ({ trial, value: r!.epochs[maxEpochs].validation_accuracy! })).sort((a, b) => b.value - a.value || a.trial - b.trial)[0];
const ashaFinal = jobs[ashaBest.trial]!.epochs[maxEpochs].validation_accuracy!;
const retrained = state.trials.reduce((sum, _, t) => sum + rungs.slice(0, reachedRung(t) + 1).reduce((a, b) => a + b, 0), 0);
const continued = state.trials.reduce((sum, _, t) => sum + rungs[reachedRung(t)], 0);
const full = jobs.length * maxEpochs;
const pct = (x: number) => (100 * x).toFixed(2);
const label = (trial: number) => JSON.stringify(plan.jobs[trial].settings, ['hidden_sizes', 'learning_rate', 'batch_size']);
console.log(`${path.basename(dir)}: ${jobs.length} configurations, rungs ${rungs.join(', ')} epochs (η = ${eta})`);
console.log(`trials per rung reached: ${rungs.map((_, r) => top(r).length).join(', ')}`);
console.log(`grid best: trial ${gridBest.trial} ${label(gridBest.trial)} ${pct(gridBest.value)} % at ${maxEpochs} epochs`);
console.log(`ASHA best: trial ${ashaBest.trial} ${label(ashaBest.trial)} ${pct(ashaBest.value)} % at rung ${highest} (${rungs[highest]} epochs); the same configuration reaches ${pct(ashaFinal)} % at ${maxEpochs}`);
console.log(`gap to the grid's best: ${(100 * (gridBest.value - ashaBest.value)).toFixed(2)} points (as found), ${(100 * (gridBest.value - ashaFinal)).toFixed(2)} points (trained to ${maxEpochs})`);
console.log(`epochs: grid ${full}; ASHA ${retrained} retraining each rung from epoch 0 (${((100 * retrained) / full).toFixed(0)} %), ${continued} continuing from checkpoints (${((100 * continued) / full).toFixed(0)} %)`);
