/** Helpers for the queue tests: launchers and workers on a fresh queue of the test file's Redis. */
import { type ChildProcess, spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Dataset } from '../../src/data/dataset.js';
import { parseQueueConnection, redisOptions, type QueueConnection } from '../../src/distributed/queue/connection.js';
import { type Rerun, QueueLauncher } from '../../src/distributed/queue/launcher.js';
import { type CoordinatorQueueSettings, QUEUE_DEFAULTS, type WorkerQueueSettings } from '../../src/distributed/queue/settings.js';
import { QueueWorker, type WorkerEvent } from '../../src/distributed/queue/worker.js';
import type { JobRecord } from '../../src/journal/record.js';
import type { LaunchHooks, Launcher } from '../../src/launch/launcher.js';
import type { Job, Plan } from '../../src/sweep/job.js';
import { mnist } from './mnist.js';
import type { RedisServer } from './redis.js';
import { CLI, type CliResult } from './run.js';
import { PROJECT_ROOT } from './sweeps.js';

export function freshQueueName(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

export function connectionTo(redis: RedisServer): QueueConnection {
  return parseQueueConnection({ url: redis.url }, {});
}

/** Fast retries; in-process workers keep their locks 10 s, CLI workers (workerArgs) 2 s: the tests' settings. */
export function coordinatorSettings(name: string, overrides: Partial<CoordinatorQueueSettings> = {}): CoordinatorQueueSettings {
  return { name, retries: 1, backoffMs: 20, keepHours: 1, outageLimitMs: 60_000, secret: null, ...overrides };
}

export function workerSettings(name: string, overrides: Partial<WorkerQueueSettings> = {}): WorkerQueueSettings {
  return {
    name,
    workers: 2,
    // long enough that a starved event loop on a loaded machine does not lose a live job's lock; the
    // tests that kill a worker kill a CLI worker, whose lock is workerArgs' 2 s
    lockDurationMs: 10_000,
    stalledIntervalMs: 500,
    maxStalledCount: 2,
    stopTimeoutMs: 2000,
    quarantineAfter: 3,
    secret: null,
    attachLimitBytes: QUEUE_DEFAULTS.attachLimitBytes,
    ...overrides,
  };
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

/** A CLI process whose output is watched as it comes: for workers and coordinators that tests kill. */
export interface LiveCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first match of `pattern` in stdout; rejects when the process exits without it.
   * No clock of its own: a loaded machine may take long to start a worker, and ava's timeout catches a hang.
   */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  done: Promise<CliResult>;
}

/** Killed when the test ends, whatever happened: a failed assertion must not leave a worker behind. */
export function startCli(t: ExecutionContext, args: string[], env: NodeJS.ProcessEnv = {}): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of watchers) check();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const check of watchers) check();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = stdout.match(pattern);
        if (match) {
          watchers.delete(check);
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check);
          reject(new Error(`exited before ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      };
      watchers.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, done };
}

/** `worker` arguments for the tests: one thread, locks that lapse in two seconds. */
export function workerArgs(redis: RedisServer, name: string, extra: string[] = []): string[] {
  return ['worker', '--queue', redis.url, '--queue-name', name, '--workers', '1', '--lock-duration', '2000', '--stalled-interval', '500', ...extra];
}
