/**
 * A queue job's attached checkpoint: the latest checkpoint its worker wrote, kept in Redis beside the
 * job, so that a job whose worker dies (SIGKILL, a lost machine) continues on the next worker from that
 * point instead of from epoch 0.
 *
 *   key    <prefix>:<queue>:<queue job id>:checkpoint     e.g. bull:mlp-sweep:lr/3d3653495273:checkpoint
 *   value  a hash: data (the checkpoint file's bytes: safetensors, docs/CHECKPOINTS.md), epoch and batch
 *          (where it stands), worker (host:pid that attached it), signature (with a queue secret: the
 *          HMAC-SHA256 of the queue id and the data, so a checkpoint cannot be forged or moved to another job)
 *
 * Bounded: one key per job, overwritten by each new checkpoint; at most `limitBytes` (a larger checkpoint
 * is not attached, with one warning per job: that job restarts from epoch 0 if its worker dies); it
 * expires `ttlSeconds` after its last write; it is deleted when the job's result is accepted (by the
 * coordinator, and by the worker once BullMQ holds the job as completed).
 *
 * Untrusted on the way back, like any queue message: its size first (HSTRLEN, before a byte is read),
 * then the signature (with a secret), then the very check a local checkpoint passes
 * (journal/checkpoint/store.ts: sha256, job id, training-code version, dataset digest, tensor names and
 * shapes, position). Anything that fails is ignored with a warning naming the key and the reason, and the
 * job starts from epoch 0: never trusted, never a crash.
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Dataset } from '../../data/dataset.js';
import { checkpointExpectation } from '../../execute/job-checkpoints.js';
import { decodeCheckpoint } from '../../journal/checkpoint/record.js';
import { decodeSafetensorsMetadata } from '../../journal/checkpoint/safetensors.js';
import { mismatchOf } from '../../journal/checkpoint/store.js';
import type { TrainingPosition } from '../../core/training-state.js';
import type { Job } from '../../sweep/job.js';
import { sameSignature } from '../signature.js';

export { attachedKey } from './settings.js';

export interface AttachOptions {
  /** Largest checkpoint attached or read back, in bytes; 0 attaches none. */
  limitBytes: number;
  ttlSeconds: number;
  /** The queue secret: attached checkpoints are signed, and unsigned ones ignored. null: not signed. */
  secret: string | null;
  /** host:pid, stored with each checkpoint. */
  worker: string;
}

function signatureOf(queueId: string, data: Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(`${queueId}\n`).update(data).digest('hex');
}

function signedBy(queueId: string, data: Uint8Array, signature: string | null, secret: string): boolean {
  return sameSignature(() => signatureOf(queueId, data, secret), signature);
}

/**
 * Where a checkpoint file says it stands, from its header alone (a few kilobytes: the data is not
 * hashed or copied); null if the header cannot be read. Only for the key's `epoch`/`batch` fields,
 * which nobody trusts: a reader checks the whole checkpoint.
 */
export function peekPosition(bytes: Uint8Array): TrainingPosition | null {
  try {
    const { position } = JSON.parse(decodeSafetensorsMetadata(bytes).state ?? 'null') as { position: TrainingPosition };
    return Number.isSafeInteger(position.epoch) && Number.isSafeInteger(position.batch) ? { epoch: position.epoch, batch: position.batch } : null;
  } catch {
    return null;
  }
}

export type AttachedRead = { bytes: Buffer; position: TrainingPosition; worker: string | null } | { bytes: null; warning: string | null };

/** A worker's side: attaching its jobs' checkpoints, and reading back the one a job arrives with. */
export class AttachedCheckpoints {
  constructor(
    private readonly client: Redis,
    private readonly options: AttachOptions,
  ) {}

  get limitBytes(): number {
    return this.options.limitBytes;
  }

  /**
   * Attaches `bytes` (a checkpoint file of job `queueId`) under `key`, replacing the one before.
   * Resolves false, attaching nothing, when it is over the limit (the caller warns once).
   */
  async attach(key: string, queueId: string, bytes: Buffer): Promise<boolean> {
    if (bytes.length > this.options.limitBytes) return false;
    const position = peekPosition(bytes);
    const { secret, ttlSeconds, worker } = this.options;
    await this.client
      .multi()
      .del(key)
      .hset(key, {
        data: bytes,
        epoch: String(position?.epoch ?? ''),
        batch: String(position?.batch ?? ''),
        worker,
        ...(secret === null ? {} : { signature: signatureOf(queueId, bytes, secret) }),
      })
      .expire(key, ttlSeconds)
      .exec();
    return true;
  }

  /** The checkpoint attached to `job` if there is one and it passes every check; otherwise why not. */
  async read(key: string, queueId: string, job: Pick<Job, 'id' | 'settings'>, dataset: Dataset): Promise<AttachedRead> {
    const ignored = (why: string): AttachedRead => ({ bytes: null, warning: `the checkpoint attached at ${key} ${why}; ignored, the job starts from epoch 0` });
    const [size, [signature, worker]] = await Promise.all([
      this.client.hstrlen(key, 'data'),
      this.client.hmget(key, 'signature', 'worker'),
    ]);
    if (size === 0) return (await this.client.exists(key)) === 1 ? ignored('holds no data (0 bytes)') : { bytes: null, warning: null };
    if (size > this.options.limitBytes) {
      return ignored(`is ${size} bytes, over this worker's --attach-limit of ${this.options.limitBytes} bytes (not read)`);
    }
    const bytes = await this.client.hgetBuffer(key, 'data');
    if (bytes === null || bytes.length === 0) return ignored('is gone or empty');
    const { secret } = this.options;
    if (secret !== null && !signedBy(queueId, bytes, signature, secret)) {
      return ignored('is not signed with the queue secret for this job (give every process the same --secret-file)');
    }
    let checkpoint;
    try {
      checkpoint = decodeCheckpoint(bytes, key);
    } catch (error) {
      const message = (error as Error).message;
      return ignored(message.startsWith(`${key}: `) ? message.slice(key.length + 2) : message);
    }
    const mismatch = mismatchOf(checkpoint, checkpointExpectation(job, dataset));
    if (mismatch !== null) return ignored(mismatch);
    return { bytes, position: { ...checkpoint.state.position }, worker };
  }

  async drop(key: string): Promise<void> {
    await this.client.del(key);
  }
}
