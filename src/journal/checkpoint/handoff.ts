/**
 * Early stopping's rung checkpoints: the end state of a trial's rung run, kept under the id of the trial's
 * next rung run (`checkpoints/<next rung's job id>.safetensors`), so that run finds it where it looks for
 * its own checkpoint and continues from it (store.ts trusts a shorter run's end state of the same
 * settings). The next run's own checkpoints then replace it under the same name: one file per trial.
 */
import { existsSync, renameSync } from 'node:fs';
import { checkpointFile, removeCheckpoint } from './store.js';

/**
 * Hands `from`'s checkpoint on to `to`. `replace`: the run `from` just finished, so its end state wins over
 * any file of `to`; otherwise (repairing at the start of a run) a file `to` already has is kept, being
 * that run's own or the same end state, and `from`'s is removed. Returns whether a file was moved.
 */
export function handOn(sweepDir: string, from: string, to: string, replace: boolean): boolean {
  const source = checkpointFile(sweepDir, from);
  if (!existsSync(source)) return false;
  const target = checkpointFile(sweepDir, to);
  if (!replace && existsSync(target)) {
    removeCheckpoint(source);
    return false;
  }
  renameSync(source, target); // atomic: the target is the old file or the new one, never half
  return true;
}
