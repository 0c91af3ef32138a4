/** The errors a report raises: a results folder that cannot be reported, named with what is missing. */
import { MlpSweepError } from '../errors.js';

/**
 * `NO_JOURNAL`: the folder has no journal.jsonl, so there is nothing to report. `UNSAFE_PATH`: a file
 * the report would read or write is a symbolic link, or lies outside the results folder.
 * `UNREADABLE`: the journal or plan is not a regular file.
 */
export class ReportError extends MlpSweepError {
  constructor(code: 'NO_JOURNAL' | 'UNSAFE_PATH' | 'UNREADABLE', message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
