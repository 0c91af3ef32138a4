/**
 * Problems and diagnostics: what is wrong with a sweep file, first by place in the parsed value (a `Problem`,
 * from the validator and the planner, which never see the YAML text), then by place in the file (a
 * `Diagnostic`, positioned from the YAML source by positions.ts).
 *
 * Printed form, one per line, with an optional hint on the next:
 *   experiments/lr.yaml:7:18: grid.learning_rate[2]: must be > 0 (got -0.1)
 *     hint: ...
 */

/** A path into the parsed file: map keys and list indexes, outermost first. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Problem {
  path: Path;
  /** What is wrong, as a phrase that follows the path: "must be > 0". */
  message: string;
  /** The offending value as printed after "got", already formatted by `show`; absent when there is none. */
  got?: string;
  /** The fix, when it is known. */
  hint?: string;
  /** Point at the key of the last path segment rather than at its value (unknown and duplicate keys). */
  atKey?: boolean;
  /** Notices (merged duplicate jobs) are reported but do not make the file invalid. */
  severity?: 'error' | 'notice';
}

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

/** `['grid', 'learning_rate', 2]` → `grid.learning_rate[2]`. */
export function formatPath(path: Path): string {
  if (path.length === 0) return '(file)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

const MAX_SHOWN = 60;

/** A value as shown after "got": JSON, so a string keeps its quotes (`"0.1"` is not `0.1`), cut when long. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 1)}…`;
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
