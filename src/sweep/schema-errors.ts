/**
 * ajv's errors → `Problem`s in the words of a sweep file: the rules only a sweep file has (its keys, names,
 * axes, seeds), with their fixes; every rule of a setting is src/core/schema-problems.ts's, so a setting's
 * message is the same in a file as from the library or the CLI.
 */
import type { ErrorObject } from 'ajv';
import {
  problemsFromErrors,
  settingProblem,
  typeProblem,
  unknownSettingProblem,
} from '../core/schema-problems.js';
import { didYouMean } from '../core/suggest.js';
import { show, type Path, type PathSegment, type Problem } from './diagnostics.js';
import { MAX_NAME_LENGTH, SETTING_NAMES, SettingSchemas, TOP_LEVEL_KEYS } from './schema.js';
import { axisHint, hiddenSizesAxisHint, validSetting } from './hints.js';
import { searchSchemaProblem } from './search/schema-errors.js';

const SAFE_NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";

export function problemsFromSchemaErrors(errors: readonly ErrorObject[], root: unknown): Problem[] {
  return problemsFromErrors(errors, root, (error, path) => problemFrom(error, path, root));
}

function problemFrom(error: ErrorObject, path: PathSegment[], root: unknown): Problem {
  const search = searchSchemaProblem(error, path);
  if (search) return search;
  const got = show(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return sweepTypeProblem(path, error.data, params.type as string | string[], root);
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
      return settingProblem(error, path);
  }
}

/**
 * A setting's type problem, with the fixes for an axis written as one value (src/sweep/hints.ts: each
 * checked to give a valid file), and no "write it without quotes" where the number itself is invalid.
 */
function sweepTypeProblem(path: PathSegment[], data: unknown, expected: string | string[], root: unknown): Problem {
  const inAxes = path[0] === 'grid' || path[0] === 'zip';
  const problem = typeProblem(path, data, expected, () => {
    if (inAxes && path.length === 2 && expected === 'array') return axisHint(String(path[1]), data);
    if (inAxes && path[1] === 'hidden_sizes' && path.length === 3 && expected === 'array') {
      return hiddenSizesAxisHint((root as Record<string, Record<string, unknown>>)[String(path[0])]?.hidden_sizes);
    }
    return undefined;
  });
  // an axis written as one quoted value needs a list, not just the quotes off
  if (inAxes && path.length === 2 && expected === 'array') problem.hint = axisHint(String(path[1]), data) ?? problem.hint;
  const setting = String(inAxes ? path[1] : path[path.length - 1]);
  if (problem.hint?.startsWith('write it without quotes') && setting in SettingSchemas && !validSetting(setting, Number(data))) {
    delete problem.hint; // `epochs: "0"` unquoted is the next error
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
  const entry = (p: PathSegment | undefined) => p === 'exclude' || p === 'include';
  return unknownSettingProblem(path, entry(where) || (where === 'grid' && entry(path[1]) && path.length > 3) ? 'names no setting' : 'unknown setting');
}

