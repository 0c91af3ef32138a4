/**
 * One error base class; subclasses carry a stable `code` so callers (and tests) can match on it
 * without parsing messages. Messages say what failed and on what, and `hint` says the fix when known.
 */
export class MlpSweepError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  /** The message with its hint, as printed by the CLI. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** A data file (MNIST IDX) is missing, unreadable or not what it should be. */
export class DatasetError extends MlpSweepError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('DATASET', message, options);
  }
}

/** Arrays or sizes handed to the network or a kernel do not fit together. */
export class ShapeError extends MlpSweepError {
  constructor(message: string) {
    super('SHAPE', message);
  }
}

/** Settings the settings' schema refuses (src/core/check-settings.ts): every problem, one per line, with its fix. */
export class SettingsError extends MlpSweepError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('SETTINGS', message, options);
  }
}

/** A kernel set was asked for by name but cannot run here. */
export class KernelUnavailableError extends MlpSweepError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('KERNEL_UNAVAILABLE', message, options);
  }
}

/** The run is stopping (Ctrl-C, SIGTERM, fail-fast): a job in training ends without a result, and runs again on resume. */
export class TrainingInterrupted extends MlpSweepError {
  constructor() {
    super('INTERRUPTED', 'training was interrupted');
  }
}

/** An operation that needs one precision got another (the gradient check needs float64). */
export class PrecisionError extends MlpSweepError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('PRECISION', message, options);
  }
}
