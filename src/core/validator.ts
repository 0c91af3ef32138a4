/**
 * Schema validators, compiled ahead of time. `npm run build` writes every spec of
 * scripts/compile-validators.ts as ajv standalone code to dist/src/generated/validators/<name>.cjs, so
 * a command loads a few kB of plain JavaScript instead of compiling the schema at start-up (the sweep
 * file's took ~0.15 s, the journal record's and the checkpoint state's more in every worker thread).
 *
 * Each file carries the hash of the schema and options it was made from. A file that is missing or
 * was made from another schema (one edited and built with tsc alone) is not used: the schema is
 * compiled here instead, as before. The same validation either way; only the time differs.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';

export interface ValidatorSpec {
  /** The generated file's name: lower-case words and dashes. */
  readonly name: string;
  readonly schema: object;
  readonly options: Options;
}

/** Where the generated validators lie, from this module's folder (dist/src/core). */
export const GENERATED_VALIDATORS = '../generated/validators';

const require = createRequire(import.meta.url);
const validators = new Map<string, ValidateFunction>();
const compiledHere: string[] = [];

/** What a generated file is made from: the schema and the options, hashed. */
export function specHash(spec: ValidatorSpec): string {
  return createHash('sha256').update(JSON.stringify([spec.name, spec.schema, spec.options])).digest('hex');
}

/** The validator of `spec`: the generated one when it is current, else compiled now (once per thread). */
export function validator<T = unknown>(spec: ValidatorSpec): ValidateFunction<T> {
  let validate = validators.get(spec.name);
  if (validate === undefined) {
    validate = generated(spec) ?? compiled(spec);
    validators.set(spec.name, validate);
  }
  return validate as ValidateFunction<T>;
}

/** Names of the validators this thread had to compile (none after `npm run build`): for tests and `doctor`. */
export function validatorsCompiledAtRunTime(): readonly string[] {
  return compiledHere;
}

function generated(spec: ValidatorSpec): ValidateFunction | undefined {
  let made: ValidateFunction & { specHash?: string };
  try {
    made = require(`${GENERATED_VALIDATORS}/${spec.name}.cjs`) as ValidateFunction & { specHash?: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return made.specHash === specHash(spec) ? made : undefined;
}

function compiled(spec: ValidatorSpec): ValidateFunction {
  // loaded only here: a command whose validators are all generated never loads ajv's compiler
  const { Ajv } = require('ajv') as typeof import('ajv');
  compiledHere.push(spec.name);
  return new Ajv(spec.options).compile(spec.schema);
}
