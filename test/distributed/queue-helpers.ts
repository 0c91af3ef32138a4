/** Helpers for the queue tests: launchers and workers on a fresh queue of the test file's Redis. */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Dataset } from '../../src/data/dataset.js';
import { parseQueueConnection, redisOptions, type QueueConnection } from '../../src/distributed/queue/connection.js';
import { type Rerun, QueueLauncher } from '../../src/distributed/queue/launcher.js';
import type { CoordinatorQueueSettings, WorkerQueueSettings } from '../../src/distributed/queue/settings.js';
import { QueueWorker, type WorkerEvent } from '../../src/distributed/queue/worker.js';
import type { JobRecord } from '../../src/journal/record.js';
import type { LaunchHooks, Launcher } from '../../src/launch/launcher.js';
import type { Job, Plan } from '../../src/sweep/job.js';
import { mnist } from '../helpers/mnist.js';
import type { RedisServer } from '../helpers/redis.js';

export function freshQueueName(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

export function connectionTo(redis: RedisServer): QueueConnection {
  return parseQueueConnection({ url: redis.url }, {});
}

/** Fast retries, and locks that lapse in about two seconds: the tests' settings. */
export function coordinatorSettings(name: string, overrides: Partial<CoordinatorQueueSettings> = {}): CoordinatorQueueSettings {
  return { name, retries: 1, backoffMs: 20, keepHours: 1, ...overrides };
}

export function workerSettings(name: string, overrides: Partial<WorkerQueueSettings> = {}): WorkerQueueSettings {
  return { name, workers: 2, lockDurationMs: 2000, stalledIntervalMs: 500, maxStalledCount: 2, ...overrides };
}

export interface Worked {
  worker: QueueWorker;
  events: WorkerEvent[];
}

export async function startWorker(
  redis: RedisServer,
  name: string,
  options: { settings?: Partial<WorkerQueueSettings>; dataset?: Dataset; workerFile?: string } = {},
): Promise<Worked> {
  const events: WorkerEvent[] = [];
  const worker = await QueueWorker.start({
    connection: connectionTo(redis),
    settings: workerSettings(name, options.settings),
    dataset: options.dataset ?? mnist(),
    workerFile: options.workerFile,
    onEvent: (event) => events.push(event),
  });
  return { worker, events };
}

export function openLauncher(
  redis: RedisServer,
  name: string,
  options: { plans?: Plan[]; rerun?: Rerun; settings?: Partial<CoordinatorQueueSettings> } = {},
): Promise<QueueLauncher> {
  return QueueLauncher.open({
    connection: connectionTo(redis),
    settings: coordinatorSettings(name, options.settings),
    plans: options.plans ?? [],
    datasetDigest: mnist().digest,
    rerun: options.rerun,
    onWarning: () => {},
  });
}

/** Removes everything of a queue from Redis. */
export async function obliterate(redis: RedisServer, name: string): Promise<void> {
  const queue = new Queue(name, { connection: redisOptions(connectionTo(redis)) });
  await queue.obliterate({ force: true });
  await queue.close();
}

/**
 * The launcher contract takes a synchronous factory: this launcher opens a queue launcher and starts a
 * worker of two threads on a fresh queue, and `close` stops both and removes the queue.
 */
export class LauncherWithWorker implements Launcher {
  readonly name = 'queue';
  readonly concurrency = 4;
  private readonly ready: Promise<{ launcher: QueueLauncher; worked: Worked }>;
  private readonly queueName = freshQueueName();

  constructor(private readonly redis: RedisServer) {
    this.ready = Promise.all([openLauncher(redis, this.queueName), startWorker(redis, this.queueName)]).then(
      ([launcher, worked]) => ({ launcher, worked }),
    );
  }

  async run(job: Job, signal: AbortSignal, hooks?: LaunchHooks): Promise<JobRecord | null> {
    if (signal.aborted) return null;
    return (await this.ready).launcher.run(job, signal, hooks);
  }

  async close(): Promise<void> {
    const { launcher, worked } = await this.ready;
    await launcher.close();
    await worked.worker.finish();
    await obliterate(this.redis, this.queueName);
  }
}
