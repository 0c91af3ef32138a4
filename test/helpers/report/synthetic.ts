/**
 * Synthetic sweeps for the report tests: a journal and a plan written from accuracies chosen by the test,
 * so that effects are known by construction (importance) and differences are deliberate (compare). The
 * records have the journal's real shape; only the numbers are made up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainSettings } from '../../../src/core/settings.js';
import { TRAINING_CODE_VERSION } from '../../../src/core/version.js';
import { jobId } from '../../../src/sweep/ids.js';

export interface SyntheticJob {
  settings: Record<string, unknown>;
  /** Validation accuracy (fraction) after each epoch from 0; the last is the final one. */
  curve: number[];
  test?: number;
  status?: 'ok' | 'diverged' | 'failed';
}

const BASE = {
  dataset: 'mnist',
  hidden_sizes: [64],
  activation: 'relu',
  init: 'glorot',
  learning_rate: 0.1,
  batch_size: 50,
  epochs: 5,
  precision: 'float32',
  kernels: 'auto',
  seed: 1,
  train_limit: 5000,
};

/** The content-addressed id the planner gives (the reader checks a record's id against its settings). */
function idOf(settings: object): string {
  return jobId('train', settings as TrainSettings);
}

/** Writes `<root>/<sweep>/journal.jsonl` and `plan.json`; returns the folder. `varying` names the settings the plan varies. */
export function writeSyntheticSweep(root: string, sweep: string, varying: readonly string[], jobs: readonly SyntheticJob[]): string {
  const dir = path.join(root, sweep);
  mkdirSync(dir, { recursive: true });
  const planned = jobs.map((job, index) => {
    const settings = { ...BASE, ...job.settings, epochs: job.curve.length - 1 };
    const vary = Object.fromEntries(varying.map((k) => [k, (settings as Record<string, unknown>)[k]]));
    return { id: idOf(settings), index, kind: 'train', sweep, name: null, settings, varying: vary };
  });
  const records = jobs.map((job, index) => {
    const { id, settings, varying: vary } = planned[index];
    const status = job.status ?? 'ok';
    const epochs = job.curve.map((accuracy, epoch) => ({
      epoch,
      train_loss: epoch === 0 ? null : 1 - accuracy,
      train_accuracy: epoch === 0 ? null : accuracy,
      validation_loss: 2.3 * (1 - accuracy),
      validation_accuracy: accuracy,
      train_seconds: epoch === 0 ? 0 : 0.05,
    }));
    return {
      format: 1,
      id,
      sweep,
      name: null,
      index,
      varying: vary,
      settings,
      status,
      error: status === 'failed' ? { name: 'Error', message: 'synthetic failure', stack: null } : null,
      epochs: status === 'failed' ? [] : epochs,
      test: status === 'ok' ? { loss: 0.3, accuracy: job.test ?? job.curve[job.curve.length - 1] } : null,
      divergence: status === 'diverged' ? { epoch: job.curve.length, batch: 3, loss: null } : null,
      kernels: 'wasm',
      kernel_detail: 'synthetic',
      train_examples_per_second: 100000,
      wall_seconds: 1.5,
      code_version: TRAINING_CODE_VERSION,
      dataset_digest: null,
      finished_at: new Date(Date.UTC(2025, 5, 2, 9, 0, index)).toISOString(),
      worker: 'synthetic:1/1',
    };
  });
  const plan = { sweep, description: `synthetic sweep ${sweep}`, created_at: '2025-06-02T09:00:00.000Z', code_version: TRAINING_CODE_VERSION, jobs: planned };
  writeFileSync(path.join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  writeFileSync(path.join(dir, 'journal.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return dir;
}

/** A rising curve that ends at `final`: 10 % before training, then most of the way in the first epoch. */
export function curveTo(final: number, epochs: number): number[] {
  return Array.from({ length: epochs + 1 }, (_, e) => (e === 0 ? 0.1 : final - (final - 0.1) * 0.5 ** (2 * e) * (e === epochs ? 0 : 1)));
}
