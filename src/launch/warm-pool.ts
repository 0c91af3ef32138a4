/**
 * `mlp-sweep run`'s pool, started before the command's own modules load: the CLI entry calls
 * `warmPool(argv)` first thing for a `run` line, and the PoolLauncher takes the threads when it is made
 * (`takeWarmPool`). The threads load the worker's modules on the other core meanwhile, which took
 * ~0.25 s after the main thread's ~0.25 s before (docs/PERFORMANCE.md). A warm pool no launcher took
 * (the run failed at once, had nothing to run, or used the queue) is ended by `endWarmPool`.
 *
 * The data starts loading then too, on a thread of its own (src/data/mnist-thread.ts): `run` takes it
 * with `takeWarmDataset`, which a pool run always needs.
 *
 * Only the options that decide the threads are read here, and only when they are plainly given: any
 * doubt (a --workers that is not a whole number, --queue, --in-process, --help) starts nothing, and the
 * launcher starts its own threads as before. Either way the same jobs run on the same threads.
 */
import { availableParallelism } from 'node:os';
import type { Dataset } from '../data/dataset.js';
import { MnistThread } from '../data/mnist-thread.js';
import { PoolThreads } from './pool-threads.js';

let warm: PoolThreads | null = null;
let warmData: MnistThread | null = null;

/** The threads to start for `mlp-sweep run …` (argv as process.argv), and the most it may use (--workers); null for none. */
export function warmThreadsFor(argv: readonly string[]): { threads: number; maxThreads: number } | null {
  if (argv[2] !== 'run') return null;
  let workers = availableParallelism();
  const rest = argv.slice(3);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') break;
    if (/^(-h|--help|--queue(=.*)?|--in-process)$/.test(arg)) return null;
    const given = arg === '--workers' ? (rest[++i] ?? '') : arg.startsWith('--workers=') ? arg.slice('--workers='.length) : undefined;
    if (given !== undefined) {
      if (!/^[1-9]\d{0,3}$/.test(given)) return null;
      workers = Number(given);
    }
  }
  // one thread now: a one-job sweep needs no more, and a second one loading its modules beside the
  // main thread's would slow both; Piscina starts the others when the first jobs are handed out
  return { threads: 1, maxThreads: workers };
}

/** Starts the pool's threads for this command line, when it is a `run` that will use them. */
export function warmPool(argv: readonly string[]): void {
  const wanted = warmThreadsFor(argv);
  if (wanted === null) return;
  warm ??= new PoolThreads(wanted);
  warmData ??= new MnistThread();
}

/** The dataset the warm start is loading (now the caller's), or null when none was started. */
export function takeWarmDataset(): Promise<Dataset> | null {
  const taken = warmData;
  warmData = null;
  return taken?.dataset ?? null;
}

/**
 * The warm threads, when they fit a pool of `threads` threads of `workerFile` (at least as many started
 * or startable: an idle extra thread costs nothing), now the caller's to end; else null.
 */
export function takeWarmPool(threads: number, workerFile: string): PoolThreads | null {
  if (warm === null || warm.workerFile !== workerFile || warm.maxThreads < threads) return null;
  const taken = warm;
  warm = null;
  return taken;
}

/** Ends warm threads no launcher took, and a data thread nobody asked (waiting, as ending always does, until they have loaded their modules). */
export async function endWarmPool(): Promise<void> {
  const left = warm;
  const data = warmData;
  warm = null;
  warmData = null;
  await Promise.all([left?.end(), data?.end()]);
}
