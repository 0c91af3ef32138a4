/** How the CLI shows a sweep file's problems: one `file:line:col: path: message (got X)` line each, on stderr. */
import { formatDiagnostic } from '../sweep/diagnostics.js';
import type { SweepFileError } from '../sweep/errors.js';

export function printSweepFileError(error: SweepFileError, what: string): void {
  for (const diagnostic of error.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
  process.stderr.write(`${errors === 1 ? '1 problem' : `${errors} problems`}; ${what}\n`);
}
