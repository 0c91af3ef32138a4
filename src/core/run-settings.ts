/**
 * Run settings: how a sweep's run keeps what it computes besides the journal records (checkpoints while
 * a job trains, its trained weights once it ends). They are settings of the run, not of a job: a job
 * computes the same record with checkpoints on or off, resumed or not (bit-identical by design and by
 * test), so they are not in TrainSettings and not in any job id. Turning them on or off, or asking to keep
 * models, never reruns a finished job.
 */

export const KEEP_CHOICES = ['none', 'final'] as const;
export type KeepChoice = (typeof KEEP_CHOICES)[number];

export interface RunSettings {
  /** Write a checkpoint after every epoch (and every `checkpoint_every_s` within one), resume from it. */
  checkpoint: boolean;
  /** Seconds of training between two checkpoints inside an epoch. */
  checkpoint_every_s: number;
  /** `final`: write each finished job's trained weights to models/<job id>.safetensors. */
  keep: KeepChoice;
}

export const DEFAULT_RUN_SETTINGS: Readonly<RunSettings> = Object.freeze({ checkpoint: true, checkpoint_every_s: 60, keep: 'none' });

export function resolveRunSettings(partial: Partial<RunSettings> = {}): RunSettings {
  return { ...DEFAULT_RUN_SETTINGS, ...partial };
}
