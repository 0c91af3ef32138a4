/**
 * ajv's errors → `Problem`s, for the rules of settings: what the rule is, what was found, and the fix when
 * it is known ("did you mean", "write it without quotes"). Sweep files add their own rules on top
 * (src/sweep/schema-errors.ts) and fall back to these, so a setting's message is the same everywhere.
 */
import type { ErrorObject } from 'ajv';
import { show, type PathSegment, type Problem } from './problem.js';
import { SETTING_NAMES } from './settings-schema.js';
import { didYouMean } from './suggest.js';

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  null: 'null',
};

/** Turns each error into a problem with `describe`; a value of the wrong type reports its type alone. */
export function problemsFromErrors(
  errors: readonly ErrorObject[],
  root: unknown,
  describe: (error: ErrorObject, path: PathSegment[]) => Problem = settingProblem,
): Problem[] {
  // A value of the wrong type also fails the rules about its range (0.5 epochs is both not whole and
  // below 1); the type is the mistake, so it alone is reported.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors
    .filter((error) => error.keyword === 'type' || !wrongType.has(error.instancePath))
    .map((error) => describe(error, pathOf(error.instancePath, root)));
}

/** A JSON pointer (`/grid/learning_rate/2`) → path segments, with list indexes as numbers. */
function pathOf(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let value = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(value) ? Number(key) : key;
    path.push(segment);
    value = value && typeof value === 'object' ? (value as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return path;
}

/** The problem of one broken rule of a setting (or a generic one for any other rule). */
export function settingProblem(error: ErrorObject, path: PathSegment[]): Problem {
  const got = show(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return typeProblem(path, error.data, params.type as string | string[]);
    case 'enum': {
      const allowed = (params.allowedValues as string[]) ?? [];
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : undefined;
      return withHint({ path, message: `must be one of ${allowed.join(', ')}`, got }, hint);
    }
    case 'exclusiveMinimum':
      return { path, message: `must be > ${params.limit}`, got };
    case 'minimum':
      return { path, message: `must be at least ${params.limit}`, got };
    case 'maximum':
      return { path, message: `must be at most ${params.limit}`, got };
    case 'additionalProperties':
      return unknownSettingProblem([...path, params.additionalProperty as string]);
    case 'required':
      return { path: [...path, params.missingProperty as string], message: 'is required' };
    default:
      return { path, message: error.message ?? `breaks the rule ${error.keyword}`, got };
  }
}

export function withHint(problem: Problem, hint: string | undefined): Problem {
  return hint === undefined ? problem : { ...problem, hint };
}

/** `must be a number`, with the fix for a number written as a string and the words for non-finite and non-whole numbers. */
export function typeProblem(
  path: PathSegment[],
  data: unknown,
  expected: string | string[],
  /** A fix known to the caller (a sweep file's axes), tried after "write it without quotes". */
  fix?: () => string | undefined,
): Problem {
  const wanted = (Array.isArray(expected) ? expected : [expected]).map((t) => TYPE_NAMES[t] ?? t).join(' or ');
  const problem: Problem = { path, message: `must be ${wanted}`, got: show(data) };
  const known = fix?.();
  if (typeof data === 'string' && data.trim() !== '' && Number.isFinite(Number(data)) && !expected.includes('string')) {
    problem.hint = `write it without quotes: ${data.trim()}`;
  } else if (known !== undefined) {
    problem.hint = known;
  } else if (typeof data === 'number' && !Number.isFinite(data)) {
    problem.message = 'must be a finite number';
  } else if (expected === 'integer' && typeof data === 'number') {
    problem.message = 'must be a whole number';
  }
  return problem;
}

/** A key that names no setting, with the setting it most likely means. */
export function unknownSettingProblem(path: PathSegment[], message = 'unknown setting'): Problem {
  const key = String(path[path.length - 1]);
  const hint = didYouMean(key, SETTING_NAMES) ?? `the settings are: ${SETTING_NAMES.join(', ')}`;
  return { path, message, got: show(key), hint, atKey: true };
}
