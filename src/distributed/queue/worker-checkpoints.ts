/**
 * A queue worker's checkpoints. Each job checkpoints as in a local run, into this process's scratch
 * folder (`<tmp>/mlp-sweep-worker-…/<sweep>/checkpoints/<job id>.safetensors`); each new checkpoint is
 * attached to the job in Redis (attached-checkpoint.ts, checkpoint-mirror.ts), and a job that arrives
 * with an attached checkpoint that passes every check starts from it. So a job whose worker died
 * continues on the next one from its last checkpoint, and a job given back (Ctrl-C twice) from the
 * batch it stopped at. The scratch folder is removed when the worker stops.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { resolveRunSettings } from '../../core/run-settings.js';
import type { Dataset } from '../../data/dataset.js';
import { writeFileAtomicSync } from '../../fs/atomic-write-sync.js';
import { checkpointFile, removeCheckpoint } from '../../journal/checkpoint/store.js';
import type { JobPlace } from '../../launch/launcher.js';
import type { Job } from '../../sweep/job.js';
import type { MessageRunSettings } from '../job-message.js';
import { type AttachedRead, AttachedCheckpoints, attachedKey } from './attached-checkpoint.js';
import { CheckpointMirror } from './checkpoint-mirror.js';
import { type QueueConnection, redact, redisOptions } from './connection.js';
import { QUEUE_DEFAULTS, type WorkerQueueSettings } from './settings.js';
import { withinLimit } from './within.js';

/** One running job's side of it. */
export interface JobAttachment {
  /** Where the job checkpoints; undefined when its run settings turn checkpoints off. */
  place: JobPlace | undefined;
  /** Who attached the checkpoint the job starts from (host:pid), when it starts from one. */
  by: string | null;
  /** The job ended (null: stopped, to be given back): attach its last checkpoint if stopped, clean up. */
  end(finished: boolean): Promise<void>;
}

export class WorkerCheckpoints {
  /** Its own connection, so that megabytes of checkpoint never queue up before a lock renewal. */
  readonly redis: Redis;
  private readonly attached: AttachedCheckpoints;
  private readonly scratch = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-worker-'));

  constructor(
    private readonly connection: QueueConnection,
    private readonly settings: WorkerQueueSettings,
    worker: string,
    private readonly dataset: Dataset,
    /** BullMQ's key of a queue job (`worker.toKey(queueId)`). */
    private readonly jobKey: (queueId: string) => string,
    private readonly warn: (message: string) => void,
  ) {
    this.redis = new Redis(redisOptions(connection));
    this.attached = new AttachedCheckpoints(this.redis, {
      limitBytes: settings.attachLimitBytes,
      ttlSeconds: QUEUE_DEFAULTS.attachTtlSeconds,
      secret: settings.secret,
      worker,
    });
  }

  /** Opens a job's checkpoints: restores the attached one (if sound) where the job will look, and mirrors new ones. */
  async open(queueId: string, planned: Job, run: MessageRunSettings | null): Promise<JobAttachment> {
    const settings = resolveRunSettings({ ...(run ?? {}), keep: 'none' }); // this disk is not the results folder
    if (!settings.checkpoint) return { place: undefined, by: null, end: async () => {} };
    const place: JobPlace = { sweepDir: path.join(this.scratch, planned.sweep), run: settings };
    const file = checkpointFile(place.sweepDir, planned.id);
    const key = attachedKey(this.jobKey(queueId));
    const by = await this.restore(key, queueId, planned, file);
    const mirror = new CheckpointMirror(file, key, queueId, this.attached, this.warn);
    return {
      place,
      by,
      end: async (finished) => {
        if (!(await withinLimit(mirror.close(), this.settings.stopTimeoutMs))) {
          this.warn(`job ${queueId}: its last checkpoint was not attached within --stop-timeout`);
        }
        if (finished) removeCheckpoint(file);
      },
    };
  }

  /** The job's result is kept (BullMQ holds it as completed): its attached checkpoint goes. */
  drop(queueId: string): void {
    void this.attached.drop(attachedKey(this.jobKey(queueId))).catch(() => {});
  }

  async close(): Promise<void> {
    if (!(await withinLimit(this.redis.quit(), this.settings.stopTimeoutMs))) this.redis.disconnect();
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /** Writes the attached checkpoint to `file` if it passes every check, else warns why not; resolves with who attached it. */
  private async restore(key: string, queueId: string, planned: Job, file: string): Promise<string | null> {
    let read = { bytes: null, warning: null } as AttachedRead;
    const reading = this.attached.read(key, queueId, planned, this.dataset).then(
      (got) => (read = got),
      (error: unknown) => (read = { bytes: null, warning: `the checkpoint attached at ${key} could not be read (${redact(String(error), this.connection)}); ignored, the job starts from epoch 0` }),
    );
    if (!(await withinLimit(reading, this.settings.stopTimeoutMs))) {
      read = { bytes: null, warning: `the checkpoint attached at ${key} was not read within --stop-timeout; ignored, the job starts from epoch 0` };
    }
    if (read.bytes === null) {
      if (read.warning !== null) this.warn(read.warning);
      return null;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, read.bytes);
    return read.worker;
  }
}
