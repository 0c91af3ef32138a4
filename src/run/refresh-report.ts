/**
 * Keeps a sweep's report current while it runs. The report module is built separately; until it is
 * present this writes nothing and says so once.
 */
import type { JobRecord } from '../journal/record.js';

/** Rebuilds the report of the sweep in `dir`; returns the path of its summary, or null. */
export async function refreshReport(dir: string, _record: JobRecord | null = null, _final = false): Promise<string | null> {
  void dir;
  return null;
}
