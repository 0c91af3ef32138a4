/**
 * Ctrl-C and SIGTERM as the long-running commands (`run`, `worker`, `run-job`) count them: the handler
 * is told how many have arrived, so "once: stop gently, again: stop now" is one line at each caller.
 */
export function onStopSignals(handle: (count: number) => void): { dispose(): void } {
  let count = 0;
  const onSignal = (): void => handle(++count);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
