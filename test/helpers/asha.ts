/** A small ASHA search for the early-stopping tests: six trials of a 784-16-10 network, rungs of 1, 3 and 9 epochs. */
import { latestById, readJournal } from '../../src/journal/read.js';
import { readDecisions } from '../../src/journal/decisions.js';
import { planOf } from './sweeps.js';
import { computed } from './run.js';

/** The sweep file's text: `kernels` fixed when given (else the default), extra top-level lines after. */
export function ashaSweep(name: string, kernels?: 'native' | 'wasm', extra = ''): string {
  return `name: ${name}
fixed: {hidden_sizes: [16], batch_size: 100, train_limit: 1000${kernels ? `, kernels: ${kernels}` : ''}}
search:
  method: random
  trials: 6
  seed: 1
  space:
    learning_rate: {log_uniform: [0.001, 0.5]}
early_stopping: {method: asha, min_epochs: 1, max_epochs: 9, reduction_factor: 3}
${extra}`;
}

export const ashaPlan = (name: string, kernels?: 'native' | 'wasm', extra = '') => planOf(ashaSweep(name, kernels, extra));

/** The decisions without their clock, sorted: what must be identical however the run went. */
export function decisionLines(sweepDir: string): string[] {
  return readDecisions(sweepDir).decisions.map(({ decided_at: _, ...d }) => JSON.stringify(d)).sort();
}

/** Every record's computed fields (rung runs included), sorted. */
export function recordLines(sweepDir: string): string[] {
  return [...latestById(readJournal(sweepDir).records).values()].map((r) => JSON.stringify(computed(r))).sort();
}
