/**
 * Problems and diagnostics: what is wrong with a sweep file, first by place in the parsed value (a `Problem`,
 * from the validator and the planner, which never see the YAML text), then by place in the file (a
 * `Diagnostic`, positioned from the YAML source by positions.ts).
 *
 * Printed form, one per line, with an optional hint on the next:
 *   experiments/lr.yaml:7:18: grid.learning_rate[2]: must be > 0 (got -0.1)
 *     hint: ...
 */

// Problems are the settings' concept too (src/core/problem.ts); sweep code names them from here.
export { formatPath, show, type Path, type PathSegment, type Problem } from '../core/problem.js';

export interface Diagnostic {
  file: string;
  /** 1-based, as editors count. */
  line: number;
  col: number;
  /** The path as printed: `grid.learning_rate[2]`, or `(file)` for problems of the file as a whole. */
  path: string;
  message: string;
  got?: string;
  hint?: string;
  severity: 'error' | 'notice';
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.col}`;
  const got = diagnostic.got === undefined ? '' : ` (got ${diagnostic.got})`;
  const hint = diagnostic.hint === undefined ? '' : `\n  hint: ${diagnostic.hint}`;
  return `${where}: ${diagnostic.path}: ${diagnostic.message}${got}${hint}`;
}

/** Line, then column, within one file: the order an editor's problem list uses. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.col - b.col;
}
