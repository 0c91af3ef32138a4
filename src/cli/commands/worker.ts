/**
 * `mlp-sweep worker --queue redis://host:port [--workers N]`: take jobs from the queue that `run --queue`
 * fills, run them on N threads, send each record back. Any number of workers, on any machines.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import { loadMnist } from '../../data/mnist.js';
import { addWorkerQueueOptions, connectionOf, type WorkerCliOptions, workerSettingsOf } from '../queue-options.js';
import type { WorkerEvent } from '../../distributed/queue/worker.js';
import { duration, pct } from '../../run/progress/format.js';
import { EXIT_INTERRUPTED, EXIT_USAGE } from '../exit-codes.js';
import { parseInteger } from '../options.js';
import { onStopSignals } from '../signals.js';

const HELP_AFTER = `
A worker checks every job it receives (the schema, the training-code version, the dataset digest, that
the id is the content hash of the settings) and refuses, without retries, any that does not pass.

Ctrl-C once: take no new job, finish the running ones, exit 130. Twice: give the running jobs back
to the queue at once. A worker killed outright (kill -9, a lost machine) gives its jobs back too, once
its locks lapse (--lock-duration) and another worker's check (--stalled-interval) finds them.

Examples:
  mlp-sweep worker --queue redis://10.0.0.5:6379 --workers 8
  MLP_SWEEP_REDIS_PASSWORD=… mlp-sweep worker --queue rediss://queue.example:6380`;

export function registerWorker(program: Command): void {
  addWorkerQueueOptions(
    program
      .command('worker')
      .description('run jobs from a queue filled by `mlp-sweep run --queue`, and send their records back'),
  )
    .option('--workers <n>', 'worker threads, one job each', parseInteger(1), availableParallelism())
    .addHelpText('after', HELP_AFTER)
    .action(async (options: WorkerCliOptions) => {
      process.exitCode = await workerCommand(options);
    });
}

function describe(event: WorkerEvent): { line: string; error?: boolean } {
  switch (event.type) {
    case 'start':
      return { line: `→ ${event.queueId} ${event.label}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}` };
    case 'end': {
      const { record } = event;
      const last = record.epochs.at(-1);
      const what =
        record.status === 'failed'
          ? `FAILED: ${record.error?.message}${event.retrying ? ' (the queue retries it)' : ''}`
          : `${record.status === 'diverged' ? 'DIVERGED, ' : ''}validation ${pct(last ? last.validation_accuracy : null)}, test ${pct(record.test ? record.test.accuracy : null)}`;
      return { line: `${record.status === 'ok' ? '✓' : '✗'} ${event.queueId} ${what} (${duration(record.wall_seconds)})` };
    }
    case 'refused':
      return { line: `refused ${event.queueId}: ${event.reason}`, error: true };
    case 'returned':
      return { line: `↩ ${event.queueId} given back to the queue` };
    case 'stalled':
      return { line: `job ${event.queueId} stalled (its worker stopped renewing its lock): back on the queue` };
    case 'warning':
      return { line: `warning: ${event.message}`, error: true };
  }
}

export async function workerCommand(options: WorkerCliOptions): Promise<number> {
  if (!options.queue) {
    process.stderr.write('mlp-sweep worker: --queue <url> is required (the Redis that `mlp-sweep run --queue` uses)\n');
    return EXIT_USAGE;
  }
  const connection = connectionOf({ ...options, queue: options.queue });
  const settings = workerSettingsOf(options);
  const dataset = loadMnist();
  const counts = { ok: 0, diverged: 0, failed: 0, refused: 0, returned: 0 };
  // BullMQ loads only here, not with every command
  const { QueueWorker } = await import('../../distributed/queue/worker.js');
  const worker = await QueueWorker.start({
    connection,
    settings,
    dataset,
    onEvent: (event) => {
      if (event.type === 'end' && !event.retrying) counts[event.record.status]++;
      if (event.type === 'refused') counts.refused++;
      if (event.type === 'returned') counts.returned++;
      const { line, error } = describe(event);
      (error ? process.stderr : process.stdout).write(`${line}\n`);
    },
  });
  process.stdout.write(
    `worker ${worker.name}: ${settings.workers} thread${settings.workers === 1 ? '' : 's'} on queue "${settings.name}" at ` +
      `${connection.display}; training-code version ${TRAINING_CODE_VERSION}, dataset ${dataset.digest.slice(0, 12)}…; ` +
      'waiting for jobs (Ctrl-C: finish the running jobs and stop)\n',
  );

  const stopped = new Promise<void>((resolve) => {
    onStopSignals((signals) => {
      if (signals === 1) {
        process.stdout.write('stopping: no new jobs; finishing the running ones (Ctrl-C again gives them back to the queue)\n');
        void worker.finish().then(resolve);
      } else if (signals === 2) {
        process.stdout.write('giving the running jobs back to the queue…\n');
        void worker.giveBack().then(resolve);
      } else {
        // the jobs' locks lapse and another worker's stalled check puts them back
        process.exit(EXIT_INTERRUPTED);
      }
    });
  });
  await stopped;
  process.stdout.write(
    `stopped: ${counts.ok} ok, ${counts.diverged} diverged, ${counts.failed} failed, ${counts.refused} refused, ` +
      `${counts.returned} given back\n`,
  );
  return EXIT_INTERRUPTED;
}
