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
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE } from '../exit-codes.js';
import { parseInteger } from '../options.js';
import { onStopSignals } from '../signals.js';

const HELP_AFTER = `
A worker checks every job it receives (the schema, that the id is the content hash of the settings,
the memory and work caps, the signature with --secret-file) and refuses, without retries, any that does
not pass. A job for another training-code version or dataset goes back to the queue, and the worker
stops (exit 1): it cannot run any of them. So does a worker whose jobs fail --quarantine-after times
in a row for its machine's reasons (kernels unavailable, memory).

Ctrl-C once: take no new job, finish the running ones, exit 130. Twice: give the running jobs back
to the queue at once. Each step that needs Redis gets --stop-timeout; past it the worker exits and says
which jobs it could not hand back. A worker killed outright (kill -9, a lost machine) gives its jobs
back too, once its locks lapse (--lock-duration) and another worker's check (--stalled-interval) finds
them: with the defaults a killed worker's job is running again within about 20 s (15 s + 5 s), from
the last checkpoint the dead worker attached to it in Redis (after every epoch, up to --attach-limit MiB;
checked like any checkpoint before it is used): docs/DISTRIBUTED.md.

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
    case 'resumed': {
      const { epoch, batch } = event.position;
      return { line: `↻ ${event.queueId} continues from epoch ${epoch}${batch > 0 ? `, batch ${batch}` : ''} (the checkpoint ${event.by ?? 'a worker'} attached)` };
    }
    case 'refused':
      return { line: `refused ${event.queueId}: ${event.reason}`, error: true };
    case 'returned':
      return { line: `↩ ${event.queueId} given back to the queue` };
    case 'stalled':
      return event.failed
        ? { line: `job ${event.queueId} stalled once more than --max-stalled allows (its workers keep dying): failed`, error: true }
        : { line: `job ${event.queueId} stalled (its worker stopped renewing its lock): back on the queue` };
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
      // a worker's records are ok, diverged or failed; only the coordinator writes 'stopped' ones
      if (event.type === 'end' && !event.retrying && event.record.status !== 'stopped') counts[event.record.status]++;
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

  const signals = onStopSignals((count) => {
    if (count === 1) {
      process.stdout.write('stopping: no new jobs; finishing the running ones (Ctrl-C again gives them back to the queue)\n');
      void worker.finish();
    } else if (count === 2) {
      process.stdout.write('giving the running jobs back to the queue…\n');
      void worker.giveBack();
    } else {
      // the jobs' locks lapse and another worker's stalled check puts them back
      process.exit(EXIT_INTERRUPTED);
    }
  });
  const stop = await worker.stopped;
  signals.dispose();
  process.stdout.write(
    `stopped: ${counts.ok} ok, ${counts.diverged} diverged, ${counts.failed} failed, ${counts.refused} refused, ` +
      `${counts.returned} given back\n`,
  );
  if (stop.unsent.length > 0 || !stop.closed) {
    const what = stop.unsent.length > 0 ? `not handed back: ${stop.unsent.join('; ')}` : 'the connection did not close';
    process.stderr.write(
      `mlp-sweep worker: Redis at ${connection.display} did not answer within --stop-timeout ${settings.stopTimeoutMs} ms; ${what}. ` +
        `Those jobs go back to the queue when their locks lapse (--lock-duration ${settings.lockDurationMs} ms) and a worker's ` +
        'stalled check finds them.\n',
    );
  }
  if (stop.reason !== null) process.stderr.write(`mlp-sweep worker: stopped itself: ${stop.reason}\n`);
  const code = stop.reason !== null ? EXIT_FAILED : EXIT_INTERRUPTED;
  // a connection that never closed keeps the process alive: leave now that everything is said
  if (!stop.closed) process.exit(code);
  return code;
}
