/**
 * The checkpoint record: everything a job needs to continue exactly where it stopped, and how it lies
 * in a safetensors file (so the weights stay readable by numpy or PyTorch):
 *
 *   tensors        W1, b1, W2, … (F32 or F64, the job's precision) and `order` (I32, the example order)
 *   __metadata__   format "mlp-sweep-checkpoint/1", job_id, training_code_version, dataset_digest,
 *                  state (JSON: position, the epoch's running sums, epoch metrics, random streams),
 *                  continued_from (JSON, only in the run of a promoted trial that continued a shorter
 *                  run's end state: that run's job id and the first epoch this run trained),
 *                  sha256 (over all of the above and every tensor's bytes: a flipped bit is caught)
 *
 * The example order is stored, not recomputed: the shuffle permutes it in place every epoch, so each
 * epoch's order depends on all the ones before it. The init stream is not stored: it is spent before
 * epoch 1 and its draws are the parameters themselves.
 */
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { validator } from '../../core/validator.js';
import type { TrainingSnapshot, TrainingState } from '../../core/training-state.js';
import { MlpSweepError } from '../../errors.js';
import { isJobId } from '../../sweep/ids.js';
import { type Tensor, decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { CHECKPOINT_STATE_VALIDATOR, type CheckpointStateJson } from './state-schema.js';

export const CHECKPOINT_FORMAT = 'mlp-sweep-checkpoint/1';

/**
 * A run that continued the end state of a shorter run of the same trial (early stopping's rungs): the
 * shorter run's job id, and the first epoch this run trained (epochs before it were that run's).
 */
export interface ContinuedFrom {
  job: string;
  epoch: number;
}

/** A training snapshot, and whose it is. */
export interface Checkpoint extends TrainingSnapshot {
  job_id: string;
  code_version: number;
  dataset_digest: string | null;
  /** Absent (or null) for a run that started at epoch 1 (or continued only its own checkpoints). */
  continued_from?: ContinuedFrom | null;
}

export class CheckpointError extends MlpSweepError {
  constructor(message: string) {
    super('CHECKPOINT', message);
  }
}

const validateState = (): ValidateFunction<CheckpointStateJson> => validator<CheckpointStateJson>(CHECKPOINT_STATE_VALIDATOR);

/** continued_from's two fields, checked by hand (too small a shape for a compiled validator). */
function isContinuedFrom(value: unknown): value is ContinuedFrom {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { job, epoch, ...rest } = value as Record<string, unknown>;
  return Object.keys(rest).length === 0 && isJobId(job) && Number.isInteger(epoch) && (epoch as number) >= 2;
}

/** JSON for the state; a number JSON cannot hold (NaN, ±Infinity) is refused rather than turned into null. */
function stateJson(state: TrainingState): string {
  return JSON.stringify(state, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new CheckpointError(`state.${key} is ${value}: a checkpoint holds finite numbers only`);
    return value;
  });
}

/** sha256 over the metadata (but the digest) and every tensor's name, dtype, shape and bytes, in layout order. */
export function digestOf(metadata: Record<string, string>, tensors: ReadonlyMap<string, Tensor>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(metadata).sort()) if (key !== 'sha256') hash.update(`${key}=${metadata[key]}\n`);
  for (const [name, t] of [...tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${name}:${t.dtype}:${t.shape.join('x')}\n`);
    hash.update(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
  }
  return hash.digest('hex');
}

export function encodeCheckpoint(c: Checkpoint): Buffer {
  const tensors = new Map<string, Tensor>();
  for (const p of c.parameters) {
    if (p.name === 'order') throw new CheckpointError('a parameter cannot be named order');
    tensors.set(p.name, { dtype: p.values instanceof Float64Array ? 'F64' : 'F32', shape: p.shape, values: p.values });
  }
  tensors.set('order', { dtype: 'I32', shape: [c.order.length], values: c.order });
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    job_id: c.job_id,
    training_code_version: String(c.code_version),
    dataset_digest: c.dataset_digest ?? '',
    state: stateJson(c.state),
  };
  if (c.continued_from) metadata.continued_from = JSON.stringify(c.continued_from);
  metadata.sha256 = digestOf(metadata, tensors);
  return encodeSafetensors(tensors, metadata);
}

/**
 * Parses a checkpoint's bytes; `where` names the file in messages. Throws CheckpointError (or
 * SafetensorsError) for anything that is not a whole, self-consistent checkpoint of this format.
 * Whether it belongs to a given job is the caller's question (see store.ts).
 */
export function decodeCheckpoint(bytes: Uint8Array, where: string): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, where);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`${where}: format is ${JSON.stringify(metadata.format ?? null)}, not ${CHECKPOINT_FORMAT}`);
  }
  if (metadata.sha256 !== digestOf(metadata, tensors)) throw new CheckpointError(`${where}: its content does not match its sha256 (the file is corrupt)`);
  const version = Number(metadata.training_code_version);
  if (!Number.isSafeInteger(version)) throw new CheckpointError(`${where}: training_code_version ${JSON.stringify(metadata.training_code_version)} is not an integer`);
  let state: unknown;
  try {
    state = JSON.parse(metadata.state ?? '');
  } catch {
    throw new CheckpointError(`${where}: its state is not JSON`);
  }
  const validate = validateState();
  if (!validate(state)) throw new CheckpointError(`${where}: its state is not a training state (${ajvSummary(validate.errors)})`);
  let continuedFrom: ContinuedFrom | null = null;
  if (metadata.continued_from !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(metadata.continued_from);
    } catch {
      value = undefined;
    }
    if (!isContinuedFrom(value)) throw new CheckpointError(`${where}: its continued_from is not a job id and an epoch (${metadata.continued_from})`);
    continuedFrom = value;
  }
  const order = tensors.get('order');
  if (order === undefined || order.dtype !== 'I32' || order.shape.length !== 1) throw new CheckpointError(`${where}: it has no I32 order tensor`);
  const parameters: Checkpoint['parameters'] = [];
  for (const [name, t] of tensors) {
    if (name === 'order') continue;
    if (t.dtype !== 'F32' && t.dtype !== 'F64') throw new CheckpointError(`${where}: parameter ${name} is ${t.dtype}, not F32 or F64`);
    parameters.push({ name, shape: t.shape, values: t.values as Float32Array | Float64Array });
  }
  return {
    job_id: metadata.job_id ?? '',
    code_version: version,
    dataset_digest: metadata.dataset_digest === '' || metadata.dataset_digest === undefined ? null : metadata.dataset_digest,
    state: state as TrainingState,
    order: order.values as Int32Array,
    parameters,
    continued_from: continuedFrom,
  };
}

function ajvSummary(errors: { instancePath: string; message?: string }[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || 'state'} ${e.message ?? ''}`.trim()).join('; ');
}
