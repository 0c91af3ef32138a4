/**
 * Output never stops or loses work: when whoever reads stdout goes away (`mlp-sweep run s.yaml | head -2`,
 * a closed terminal), writes would raise EPIPE and crash the process mid-sweep. Instead, the first EPIPE
 * turns that stream into a sink for the rest of the run, and the sweep goes on and journals every job.
 */
import type { Writable } from 'node:stream';

function sinkOnClosedPipe(stream: Writable & { write: Writable['write'] }): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    // later writes (progress, log-update) succeed silently: nobody is reading them
    stream.write = ((...args: unknown[]) => {
      const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as Writable['write'];
  });
}

let guarded = false;

/** Once per process, before anything is written. */
export function guardOutput(): void {
  if (guarded) return;
  guarded = true;
  sinkOnClosedPipe(process.stdout);
  sinkOnClosedPipe(process.stderr);
}
