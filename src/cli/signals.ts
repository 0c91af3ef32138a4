/**
 * Ctrl-C, SIGTERM and SIGHUP (a closed terminal or ssh session) as the long-running commands (`run`,
 * `worker`, `run-job`) count them, all three alike: the handler is told how many have arrived, so
 * "once: stop gently, again: stop now" is one line at each caller.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function onStopSignals(handle: (count: number) => void): { dispose(): void } {
  let count = 0;
  const onSignal = (): void => handle(++count);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    dispose: () => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    },
  };
}
