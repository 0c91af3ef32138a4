/**
 * The error a sweep file's problems raise: it carries every diagnostic (all the problems of all the files
 * given), so a caller can print them all or match on them, not only on the first.
 */
import { MlpSweepError } from '../errors.js';
import { formatDiagnostic, type Diagnostic } from './diagnostics.js';

export class SweepFileError extends MlpSweepError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const files = [...new Set(errors.map((d) => d.file))];
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super('SWEEP_FILE', `${count} in ${files.join(', ')}:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.diagnostics = diagnostics;
  }
}
