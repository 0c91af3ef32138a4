/**
 * ajv's errors → `Problem`s in the words of a sweep file: what the rule is, what was found, and the fix
 * when it is known ("did you mean", "write it without quotes").
 */
import type { ErrorObject } from 'ajv';
import { show, type Path, type PathSegment, type Problem } from './diagnostics.js';
import { MAX_NAME_LENGTH, SETTING_NAMES, TOP_LEVEL_KEYS } from './schema.js';
import { didYouMean } from './suggest.js';

const SAFE_NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  null: 'null',
};

export function problemsFromSchemaErrors(errors: readonly ErrorObject[], root: unknown): Problem[] {
  // A value of the wrong type also fails the rules about its range (0.5 epochs is both not whole and
  // below 1); the type is the mistake, so it alone is reported.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors
    .filter((error) => error.keyword === 'type' || !wrongType.has(error.instancePath))
    .map((error) => problemFrom(error, pathOf(error.instancePath, root)));
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

function problemFrom(error: ErrorObject, path: PathSegment[]): Problem {
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
    case 'minItems':
      return minItemsProblem(path, got);
    case 'minProperties':
      return {
        path,
        message: 'must name at least one setting',
        got,
        hint: path[0] === 'exclude' ? 'an empty exclude entry would remove every combination' : undefined,
      };
    case 'additionalProperties':
      return unknownKeyProblem([...path, params.additionalProperty as string]);
    case 'required':
      return {
        path: [...path, params.missingProperty as string],
        message: 'is required',
        hint: params.missingProperty === 'name' ? 'name: names the results folder, e.g. name: init-methods' : undefined,
      };
    case 'pattern':
      return { path, message: `must be a safe folder name: ${SAFE_NAME_RULE}`, got };
    case 'maxLength':
      return { path, message: `must be at most ${MAX_NAME_LENGTH} characters`, got };
    default:
      return { path, message: error.message ?? `breaks the rule ${error.keyword}`, got };
  }
}

function withHint(problem: Problem, hint: string | undefined): Problem {
  return hint === undefined ? problem : { ...problem, hint };
}

function typeProblem(path: PathSegment[], data: unknown, expected: string | string[]): Problem {
  const wanted = (Array.isArray(expected) ? expected : [expected]).map((t) => TYPE_NAMES[t] ?? t).join(' or ');
  const problem: Problem = { path, message: `must be ${wanted}`, got: show(data) };
  const inAxes = path[0] === 'grid' || path[0] === 'zip';
  if (typeof data === 'string' && data.trim() !== '' && Number.isFinite(Number(data)) && !expected.includes('string')) {
    problem.hint = `write it without quotes: ${data.trim()}`;
  } else if (inAxes && path.length === 2 && expected === 'array') {
    problem.hint = `an axis is a list of values: write [${show(data)}], or move the setting to fixed`;
  } else if (inAxes && path[1] === 'hidden_sizes' && path.length === 3 && expected === 'array') {
    problem.hint = 'each value of hidden_sizes is itself a list: write [[512, 1024]] for the one value 512, 1024';
  } else if (typeof data === 'number' && !Number.isFinite(data)) {
    problem.message = 'must be a finite number';
  } else if (expected === 'integer' && typeof data === 'number') {
    problem.message = 'must be a whole number';
  }
  return problem;
}

function minItemsProblem(path: Path, got: string): Problem {
  if (path[0] === 'seeds') return { path, message: 'must list at least one seed', got, hint: 'or leave seeds out (seed 1)' };
  if (path[0] === 'grid' || path[0] === 'zip') {
    return {
      path,
      message: 'is an empty axis, which gives no jobs',
      got,
      hint: 'give at least one value, or remove the axis',
    };
  }
  return { path, message: 'must not be empty', got };
}

function unknownKeyProblem(path: PathSegment[]): Problem {
  const key = String(path[path.length - 1]);
  const where = path[0];
  if (path.length === 1) {
    const isSetting = (SETTING_NAMES as string[]).includes(key);
    const hint =
      didYouMean(key, TOP_LEVEL_KEYS) ??
      (isSetting
        ? `${key} is a setting: put it under fixed (one value) or grid (a list of values)`
        : `the keys of a sweep file are: ${TOP_LEVEL_KEYS.join(', ')}`);
    return { path, message: 'unknown key', got: show(key), hint, atKey: true };
  }
  if (where === 'runs' && path.length === 2) {
    return { path, message: `is not a safe run name: ${SAFE_NAME_RULE}`, got: show(key), atKey: true };
  }
  const hint = didYouMean(key, SETTING_NAMES) ?? `the settings are: ${SETTING_NAMES.join(', ')}`;
  const message = where === 'exclude' || where === 'include' ? 'names no setting' : 'unknown setting';
  return { path, message, got: show(key), hint, atKey: true };
}

