/** The errors a report raises: a results folder that cannot be reported, named with what is missing. */
import { MlpSweepError } from '../errors.js';

/** `NO_JOURNAL`: the folder has no journal.jsonl, so there is nothing to report. */
export class ReportError extends MlpSweepError {
  constructor(code: 'NO_JOURNAL', message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
