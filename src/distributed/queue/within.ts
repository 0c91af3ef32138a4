/**
 * A time limit on a step that may wait for Redis forever (commands queue through an outage when
 * `maxRetriesPerRequest` is null): resolves true if `step` settled in time, false once `ms` passed.
 * The step itself is not cancelled; a rejection counts as settled.
 */
export function withinLimit(step: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    step.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
