/**
 * The queue's command-line options, shared by `run --queue` (the coordinator) and `worker`, and their
 * normalisation into the settings records. The URL is never given to commander as an argument parser:
 * commander quotes a rejected value in its message, and this one may hold a password.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { parseInteger } from './options.js';
import type { Plan } from '../sweep/job.js';
import { type QueueConnection, PASSWORD_ENV, parseQueueConnection } from '../distributed/queue/connection.js';
import type { QueueLauncher, Rerun } from '../distributed/queue/launcher.js';
import type { QueueConnectionError } from '../distributed/errors.js';
import { SECRET_ENV, readSecret } from '../distributed/signature.js';
import { type CoordinatorQueueSettings, QUEUE_DEFAULTS, QUEUE_NAME_PATTERN, type WorkerQueueSettings } from '../distributed/queue/settings.js';

export interface RedisCliOptions {
  queue?: string;
  queueName: string;
  redisUsername?: string;
  redisPassword?: string;
  redisPasswordFile?: string;
  redisTls?: boolean;
  redisCa?: string;
  secretFile?: string;
}

export interface CoordinatorCliOptions extends RedisCliOptions {
  queueRetries: number;
  queueBackoff: number;
  queueKeepHours: number;
  redisOutageLimit: number;
}

export interface WorkerCliOptions extends RedisCliOptions {
  workers: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
  stopTimeout: number;
  quarantineAfter: number;
  attachLimit: number;
}

function parseQueueName(value: string): string {
  if (!QUEUE_NAME_PATTERN.test(value)) {
    throw new InvalidArgumentError(`expected letters, digits, '.', '_' and '-', starting with a letter or digit, got "${value}"`);
  }
  return value;
}

function addRedisOptions(command: Command, queueHelp: string): Command {
  return command
    .option('--queue <url>', queueHelp)
    .option('--queue-name <name>', 'the BullMQ queue: coordinator and workers must use the same', parseQueueName, QUEUE_DEFAULTS.name)
    .option('--redis-username <user>', 'Redis ACL user (or user@ in the URL)')
    .option('--redis-password <password>', `Redis password (visible to other users in ps: prefer --redis-password-file or ${PASSWORD_ENV})`)
    .option('--redis-password-file <file>', 'read the Redis password from this file')
    .option('--redis-tls', 'connect with TLS (as rediss:// does)')
    .option('--redis-ca <file>', 'trust this PEM certificate authority for TLS (implies --redis-tls)')
    .option('--secret-file <file>', `sign and check every message and result with this shared secret (or ${SECRET_ENV}); the same everywhere`);
}

/** `run`'s options: with `--queue`, jobs go to the queue's workers instead of a local pool. */
export function addCoordinatorQueueOptions(command: Command): Command {
  return addRedisOptions(command, 'enqueue the jobs on BullMQ at this Redis (redis://host:port) for `mlp-sweep worker`s to run, instead of running them here')
    .option('--queue-retries <n>', 'retries of a job that fails, with exponential backoff', parseInteger(0), QUEUE_DEFAULTS.retries)
    .option('--queue-backoff <ms>', 'wait before the first retry (doubles each time)', parseInteger(0), QUEUE_DEFAULTS.backoffMs)
    .option('--queue-keep-hours <h>', 'how long Redis keeps finished jobs for a restarted coordinator', parseInteger(1), QUEUE_DEFAULTS.keepHours)
    .option('--redis-outage-limit <ms>', 'stop (exit 1, journal intact) when Redis stays unreachable this long', parseInteger(100), QUEUE_DEFAULTS.outageLimitMs);
}

/** `worker`'s options. */
export function addWorkerQueueOptions(command: Command): Command {
  return addRedisOptions(command, 'the Redis of the queue (redis://host:port), as given to `run --queue`')
    .option('--lock-duration <ms>', "how long a job's lock lasts; a dead worker's jobs go back to the queue after it", parseInteger(1000), QUEUE_DEFAULTS.lockDurationMs)
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers', parseInteger(100), QUEUE_DEFAULTS.stalledIntervalMs)
    .option('--max-stalled <n>', 'a job whose worker dies more often than this is failed', parseInteger(0), QUEUE_DEFAULTS.maxStalledCount)
    .option('--stop-timeout <ms>', 'on a stop, how long each step that needs Redis may take before the worker exits anyway', parseInteger(100), QUEUE_DEFAULTS.stopTimeoutMs)
    .option('--quarantine-after <n>', "stop after this many jobs in a row fail for this machine's reasons (kernels, memory)", parseInteger(1), QUEUE_DEFAULTS.quarantineAfter)
    .option(
      '--attach-limit <MiB>',
      "attach each job's latest checkpoint to it in Redis up to this size, so another worker continues it if this one dies (0: never)",
      parseInteger(0),
      QUEUE_DEFAULTS.attachLimitBytes / 2 ** 20,
    );
}

export function connectionOf(options: RedisCliOptions & { queue: string }): QueueConnection {
  return parseQueueConnection({
    url: options.queue,
    username: options.redisUsername,
    password: options.redisPassword,
    passwordFile: options.redisPasswordFile,
    tls: options.redisTls,
    caFile: options.redisCa,
  });
}

export function workerSettingsOf(options: WorkerCliOptions): WorkerQueueSettings {
  return {
    name: options.queueName,
    workers: options.workers,
    lockDurationMs: options.lockDuration,
    stalledIntervalMs: options.stalledInterval,
    maxStalledCount: options.maxStalled,
    stopTimeoutMs: options.stopTimeout,
    quarantineAfter: options.quarantineAfter,
    secret: readSecret(options.secretFile),
    attachLimitBytes: options.attachLimit * 2 ** 20,
  };
}

function coordinatorSettingsOf(options: CoordinatorCliOptions): CoordinatorQueueSettings {
  return {
    name: options.queueName,
    retries: options.queueRetries,
    backoffMs: options.queueBackoff,
    keepHours: options.queueKeepHours,
    outageLimitMs: options.redisOutageLimit,
    secret: readSecret(options.secretFile),
  };
}

/** The coordinator's launcher for `run --queue`; throws QueueConnectionError on a bad URL or server. */
// (BullMQ loads only when a run uses --queue: it is a large part of the CLI's start-up)
export async function openQueueLauncher(
  options: CoordinatorCliOptions & { queue: string; force?: boolean; retryFailed?: boolean },
  plans: readonly Plan[],
  datasetDigest: string,
  onLost?: (error: QueueConnectionError) => void,
): Promise<QueueLauncher> {
  const rerun: Rerun = options.force ? 'all' : options.retryFailed ? 'failed' : 'none';
  const { QueueLauncher } = await import('../distributed/queue/launcher.js');
  return QueueLauncher.open({ connection: connectionOf(options), settings: coordinatorSettingsOf(options), plans, datasetDigest, rerun, onLost });
}

/** What the "resume with:" hint adds for a queue run: the URL as shown (password as ***) and a non-default queue. */
export function queueResumeArguments(options: Partial<RedisCliOptions>): string {
  if (!options.queue) return '';
  const display = connectionOf({ ...options, queue: options.queue, queueName: options.queueName ?? QUEUE_DEFAULTS.name }).display;
  const name = options.queueName && options.queueName !== QUEUE_DEFAULTS.name ? ` --queue-name ${options.queueName}` : '';
  return ` --queue ${display}${name}`;
}
