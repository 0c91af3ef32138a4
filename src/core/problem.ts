/**
 * A problem with some settings, by place in the parsed value: what the settings check, a sweep file's
 * validator and the planner report. Sweep files position them in the YAML source (src/sweep/positions.ts);
 * the library and the CLI print them with their path alone (`settings.learning_rate: must be > 0 (got -0.1)`).
 */

/** A path into the parsed value: map keys and list indexes, outermost first. */
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

/** `settings.learning_rate: must be > 0 (got -0.1)`, and its hint on the next line: a sweep file's form without the position. */
export function formatProblem(problem: Problem): string {
  const got = problem.got === undefined ? '' : ` (got ${problem.got})`;
  const hint = problem.hint === undefined ? '' : `\n  hint: ${problem.hint}`;
  return `${formatPath(problem.path)}: ${problem.message}${got}${hint}`;
}
