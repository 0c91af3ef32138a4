/**
 * Loading a kernel set's code once per thread: the loaded value or the load error is remembered, so a set
 * that cannot run here costs its failure once and every later call says the same why.
 */
export type Loader<T> = () => T;

/** `load`, run at most once: later calls return its value or throw its error again. */
export function loadOnce<T>(load: Loader<T>): Loader<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: Error } | undefined;
  return () => {
    if (outcome === undefined) {
      try {
        outcome = { ok: true, value: load() };
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
}
