/**
 * Checkpoint files: written atomically (write, fsync, rename), read strictly. A checkpoint is only a
 * shortcut, never a result, so reading one never throws: a file that is missing is no checkpoint, and one
 * that is empty, torn, corrupt, another job's, from other training code or other data, or that does not
 * fit the job's model is ignored with a warning that says why, and the job starts from the beginning.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write-sync.js';
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from './record.js';

export const CHECKPOINTS_FOLDER = 'checkpoints';

/** `<sweep dir>/checkpoints/<job id>.safetensors`: one per running job, deleted once its record is journaled. */
export function checkpointFile(sweepDir: string, jobId: string): string {
  return path.join(sweepDir, CHECKPOINTS_FOLDER, `${jobId}.safetensors`);
}

/** What the job that would resume is: a checkpoint must match every part. */
export interface CheckpointExpectation {
  jobId: string;
  codeVersion: number;
  datasetDigest: string | null;
  /** The model's parameter tensors in layout order, and their element type. */
  tensors: { name: string; shape: readonly number[] }[];
  dtype: 'F32' | 'F64';
  /** Examples per epoch, rows per batch and epochs to train: the job's position must lie within them. */
  trainCount: number;
  batchSize: number;
  epochs: number;
  /**
   * The content id this job would have with `epochs` epochs and every other setting the same. When given,
   * the end state of that shorter run (all its epochs trained, nothing of the next begun) is trusted too:
   * training for e epochs computes exactly the first e epochs of a longer run, so an early-stopping rung's
   * last checkpoint is where the trial's next rung starts.
   */
  shorterRunId?: (epochs: number) => string;
}

export type CheckpointLoad = { checkpoint: Checkpoint; warning: null } | { checkpoint: null; warning: string | null };

export function saveCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, encodeCheckpoint(checkpoint));
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}

/** The checkpoint in `file` if it is whole and this job's; otherwise null and (unless there is no file) why. */
export function loadCheckpoint(file: string, expect: CheckpointExpectation): CheckpointLoad {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoint: null, warning: null };
    return ignored(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (bytes.length === 0) return ignored(file, 'is empty (0 bytes)');
  let checkpoint: Checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes, file);
  } catch (error) {
    const message = (error as Error).message;
    return ignored(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
  }
  const mismatch = mismatchOf(checkpoint, expect);
  return mismatch === null ? { checkpoint, warning: null } : ignored(file, mismatch);
}

function ignored(file: string, why: string): CheckpointLoad {
  return { checkpoint: null, warning: `${file}: ${why}; ignored, the job starts from epoch 0` };
}

/** Why `c` cannot continue the expected job, or null when it can. */
export function mismatchOf(c: Checkpoint, expect: CheckpointExpectation): string | null {
  if (c.job_id !== expect.jobId && !isShorterRunEnd(c, expect)) {
    const shorter = shorterRunOf(c, expect);
    return shorter
      ? `it belongs to job ${c.job_id || '(none)'}, not ${expect.jobId} nor the same settings trained to ${shorter.epochs} epochs (${shorter.id})`
      : `it belongs to job ${c.job_id || '(none)'}, not ${expect.jobId}`;
  }
  if (c.code_version !== expect.codeVersion) {
    return `it was written by training-code version ${c.code_version} and this is version ${expect.codeVersion}`;
  }
  if (expect.datasetDigest !== null && c.dataset_digest !== expect.datasetDigest) {
    return `it was computed on a dataset with digest ${c.dataset_digest?.slice(0, 12) ?? '(none)'}…, not ${expect.datasetDigest.slice(0, 12)}…`;
  }
  const byName = new Map(c.parameters.map((p) => [p.name, p]));
  if (byName.size !== expect.tensors.length) return `it has ${byName.size} parameter tensors, the model ${expect.tensors.length}`;
  for (const t of expect.tensors) {
    const p = byName.get(t.name);
    if (p === undefined) return `it has no tensor ${t.name}`;
    if (p.shape.join(',') !== t.shape.join(',')) return `its ${t.name} is [${p.shape.join(', ')}], the model's [${t.shape.join(', ')}]`;
    const dtype = p.values instanceof Float64Array ? 'F64' : 'F32';
    if (dtype !== expect.dtype) return `its ${t.name} is ${dtype}, the model's ${expect.dtype}`;
  }
  if (!isPermutation(c.order, expect.trainCount)) return `its example order is not a permutation of the ${expect.trainCount} training examples`;

  const { position, partial, epochs } = c.state;
  const batches = Math.ceil(expect.trainCount / expect.batchSize);
  // epoch = epochs + 1 at batch 0: every epoch trained, only the test pass left
  if (position.epoch > expect.epochs + 1 || (position.epoch === expect.epochs + 1 && position.batch > 0)) {
    return `it stands at epoch ${position.epoch} of a job of ${expect.epochs} epochs`;
  }
  if (position.batch >= batches) return `it stands at batch ${position.batch} of an epoch of ${batches} batches`;
  if (epochs.length !== position.epoch || epochs.some((e, i) => e.epoch !== i)) return `its epoch metrics do not run from 0 to ${position.epoch - 1}`;
  if (partial.seen !== position.batch * expect.batchSize) return `its epoch sums cover ${partial.seen} examples, not the ${position.batch * expect.batchSize} of ${position.batch} batches`;
  return null;
}

/**
 * When `c` stands at the end of a run shorter than the expected job (all its epochs trained, the next not
 * begun) and the expectation trusts such ends: how many epochs, and the id of this job's settings trained
 * to that many, which `c` must belong to. Else null.
 */
function shorterRunOf(c: Checkpoint, expect: CheckpointExpectation): { epochs: number; id: string } | null {
  const trained = c.state.position.epoch - 1;
  if (expect.shorterRunId === undefined || c.state.position.batch !== 0 || trained < 1 || trained >= expect.epochs) return null;
  return { epochs: trained, id: expect.shorterRunId(trained) };
}

/** The checkpoint is the end of this job's settings trained to fewer epochs: all of them trained, the next not begun. */
function isShorterRunEnd(c: Checkpoint, expect: CheckpointExpectation): boolean {
  return c.job_id === shorterRunOf(c, expect)?.id;
}

function isPermutation(order: Int32Array, n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (i < 0 || i >= n || seen[i] === 1) return false;
    seen[i] = 1;
  }
  return true;
}
