/**
 * The planner's output: plain records, one per training run, that launchers run and journals store.
 */
import type { RunSettings } from '../core/run-settings.js';
import type { TrainSettings } from '../core/settings.js';
import type { Path } from './diagnostics.js';
import type { SweepKind } from './schema.js';
import type { EarlyStopping } from './search/search.js';

export interface Job {
  /** Content-addressed: see ids.ts. Equal settings, equal id. */
  id: string;
  /** Place in the plan's order, from 0. */
  index: number;
  kind: SweepKind;
  /** The sweep's name, which names the results folder. */
  sweep: string;
  /** The named configuration (`runs:`) this job comes from, or null for grid, zip and include points. */
  name: string | null;
  /** Every setting, resolved: fixed, then the point's own values, then the core's defaults. */
  settings: TrainSettings;
  /** The settings (other than seed) whose values differ between the plan's jobs, with this job's values. */
  varying: Partial<TrainSettings>;
}

/** Two points of the file that give the same job: the later one is dropped and reported. */
export interface MergedJob {
  id: string;
  /** The index of the job that was kept. */
  keptIndex: number;
  /** The point the kept job came from: `runs.adgk with seed 1`, `grid combination init=zeros`. */
  kept: string;
  /** The point of the dropped duplicate, in the same words. */
  dropped: string;
  /** Where the dropped point is written in the file: `['include', 0]`, `['grid']`. */
  droppedAt: Path;
}

export interface Plan {
  sweep: string;
  description: string;
  jobs: Job[];
  merged: MergedJob[];
  /** How the run keeps checkpoints and models (absent: the defaults). Not part of any job id. */
  run?: RunSettings;
  /** The sweep file it was planned from, as an absolute path, when it came from one (loadSweeps). */
  source?: string;
  /** ASHA early stopping: its jobs are the trials, run rung by rung (src/run/early-stopping.ts). */
  earlyStopping?: EarlyStopping | null;
  /** A random search's parameters, and whether each was sampled on a log scale (the report's axes). */
  searched?: { key: string; log: boolean }[] | null;
}
