/** ajv's errors under `search:` and `early_stopping:` → problems in the words of a search. */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../../core/suggest.js';
import { show, type PathSegment, type Problem } from '../diagnostics.js';
import { DISTRIBUTIONS, EarlyStoppingSchema, NUMERIC_SETTINGS, SearchSchema } from './schema.js';

const EXAMPLES: Record<string, string> = {
  space: 'space: {learning_rate: {log_uniform: [0.001, 0.5]}}',
  method: 'method: random',
  max_epochs: 'max_epochs: 27',
};

/** The problem for an error under search or early_stopping; undefined leaves it to the file's own wording. */
export function searchSchemaProblem(error: ErrorObject, path: PathSegment[]): Problem | undefined {
  const part = path[0];
  if (part !== 'search' && part !== 'early_stopping') return undefined;
  const params = error.params as Record<string, unknown>;
  const got = show(error.data);
  const inEntry = part === 'search' && path[1] === 'space' && path.length === 3;
  const inArguments = part === 'search' && path[1] === 'space' && path.length === 4;
  switch (error.keyword) {
    case 'minItems':
    case 'maxItems':
      if (!inArguments) return undefined;
      if (path[3] === 'choice') return { path, message: 'must list at least one value', got };
      return { path, message: `must be ${String(path[3]).startsWith('q_') ? '[low, high, q]' : '[low, high]'}`, got };
    case 'minProperties':
      if (inEntry) return { path, message: 'must name a distribution', got, hint: 'e.g. {choice: [...]} or {log_uniform: [0.001, 0.1]}' };
      if (path.length === 2) return { path, message: 'must name at least one setting to search', got, hint: 'e.g. learning_rate: {log_uniform: [0.001, 0.5]}' };
      return undefined;
    case 'maxProperties':
      return inEntry ? { path, message: 'must name one distribution', got, hint: 'keep one key of this mapping' } : undefined;
    case 'required': {
      const missing = params.missingProperty as string;
      return { path: [...path, missing], message: 'is required', hint: EXAMPLES[missing] };
    }
    case 'additionalProperties': {
      const key = params.additionalProperty as string;
      if (inEntry) {
        const numeric = (NUMERIC_SETTINGS as readonly PathSegment[]).includes(path[2]);
        if (!numeric && (DISTRIBUTIONS as readonly string[]).includes(key)) {
          return { path: [...path, key], message: `is a range, but ${String(path[2])} is not a number`, got: show(key), hint: `list its values: write {choice: [...]}`, atKey: true };
        }
        const hint = didYouMean(key, numeric ? DISTRIBUTIONS : ['choice']) ?? `the distributions are: ${(numeric ? DISTRIBUTIONS : ['choice']).join(', ')}`;
        return { path: [...path, key], message: 'is not a distribution', got: show(key), hint, atKey: true };
      }
      if (path.length === 1) {
        const keys = Object.keys((part === 'search' ? SearchSchema : EarlyStoppingSchema).properties);
        return { path: [...path, key], message: 'unknown key', got: show(key), hint: didYouMean(key, keys) ?? `the keys of ${part} are: ${keys.join(', ')}`, atKey: true };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
