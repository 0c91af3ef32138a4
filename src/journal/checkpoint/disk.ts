/**
 * The disk a sweep's checkpoints and kept models take, from its settings alone (for `plan`): a
 * parameter is 4 bytes in float32 and 8 in float64, a checkpoint adds the example order (4 bytes an
 * example) and a header that grows with the epochs measured.
 */
import type { TrainSettings } from '../../core/settings.js';
import { MNIST } from '../../data/descriptor.js';

/** The dataset's shape, as far as sizes go. */
export interface DataShape {
  features: number;
  classes: number;
  trainCount: number;
}

export const MNIST_SHAPE: DataShape = { features: MNIST.features, classes: MNIST.classes, trainCount: MNIST.split.train };

/** Header bytes: the metadata of a few tensors plus about 200 bytes per epoch's metrics (generous). */
const headerBytes = (epochs: number): number => 2048 + 200 * (epochs + 1);

export function parameterCount(settings: Pick<TrainSettings, 'hidden_sizes'>, data: DataShape = MNIST_SHAPE): number {
  const sizes = [data.features, ...settings.hidden_sizes, data.classes];
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l - 1] * sizes[l] + sizes[l];
  return n;
}

const bytesPerValue = (settings: Pick<TrainSettings, 'precision'>): number => (settings.precision === 'float64' ? 8 : 4);

/** A kept model of a job with these settings. */
export function modelBytes(settings: TrainSettings, data: DataShape = MNIST_SHAPE): number {
  return parameterCount(settings, data) * bytesPerValue(settings) + headerBytes(0) + 1024; // + its settings JSON
}

/** A checkpoint of a job with these settings. */
export function checkpointBytes(settings: TrainSettings, data: DataShape = MNIST_SHAPE): number {
  const examples = settings.train_limit === null ? data.trainCount : Math.min(settings.train_limit, data.trainCount);
  return parameterCount(settings, data) * bytesPerValue(settings) + 4 * examples + headerBytes(settings.epochs);
}

export interface SweepDisk {
  /** At most while running: one checkpoint per running job, twice for the moment of an atomic write. */
  checkpoints: number;
  /** Kept models of every job (0 unless the sweep keeps models). */
  models: number;
}

/** The disk the jobs need: the `workers` largest checkpoints (×2 during a write), and every model if kept. */
export function sweepDisk(jobs: readonly { settings: TrainSettings }[], workers: number, keepModels: boolean, data: DataShape = MNIST_SHAPE): SweepDisk {
  const sizes = jobs.map((j) => checkpointBytes(j.settings, data)).sort((a, b) => b - a);
  const running = sizes.slice(0, Math.max(1, workers)).reduce((n, b) => n + b, 0);
  return {
    checkpoints: jobs.length === 0 ? 0 : 2 * running,
    models: keepModels ? jobs.reduce((n, j) => n + modelBytes(j.settings, data), 0) : 0,
  };
}

/** `3.75 MB`, `120 kB`, `1.20 GB`: three significant digits, decimal units as disks are sold. */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  const [unit, scale] = bytes < 1e6 ? ['kB', 1e3] : bytes < 1e9 ? ['MB', 1e6] : ['GB', 1e9];
  return `${(bytes / (scale as number)).toPrecision(3)} ${unit}`;
}
