/**
 * The parsed file → a validated, normalised `Sweep`, or every problem found. The schema is compiled by ajv
 * once, on first use (not when the CLI loads: compiling is most of `--help`'s start-up otherwise).
 */
import type { ValidateFunction } from 'ajv';
import { type ValidatorSpec, validator } from '../core/validator.js';
import { crossChecks } from './checks.js';
import { textChecks } from './text-checks.js';
import type { Problem } from './diagnostics.js';
import { SweepFileSchema, type SweepFile } from './schema.js';
import { resolveRunSettings } from '../core/run-settings.js';
import { problemsFromSchemaErrors } from './schema-errors.js';
import { searchChecks } from './search/checks.js';
import { normaliseEarlyStopping, normaliseSearch } from './search/normalise.js';
import type { Axis, Sweep } from './sweep.js';

export const SWEEP_FILE_VALIDATOR: ValidatorSpec = { name: 'sweep-file', schema: SweepFileSchema, options: { allErrors: true, verbose: true, allowUnionTypes: true } };
const fileValidator = (): ValidateFunction<SweepFile> => validator<SweepFile>(SWEEP_FILE_VALIDATOR);

/** `notices` are problems that do not make the file invalid (a fixed setting a search replaces). */
export type Validation = { ok: true; sweep: Sweep; notices: Problem[] } | { ok: false; problems: Problem[] };

export interface ValidateOptions {
  /** The name of a sweep that gives none (the loader passes the file's base name). */
  defaultName?: string;
}

export function validateSweep(value: unknown, options: ValidateOptions = {}): Validation {
  const validateFile = fileValidator();
  const valid = validateFile(value);
  const search = value !== null && typeof value === 'object' && !Array.isArray(value) ? searchChecks(value as Record<string, unknown>) : { problems: [], covered: [] };
  // An entry in another tool's syntax gets one message from searchChecks instead of the schema's several.
  const isCovered = (problem: Problem) => search.covered.some((at) => at.every((segment, i) => problem.path[i] === segment));
  const problems = [
    ...(valid ? [] : problemsFromSchemaErrors(validateFile.errors ?? [], value).filter((problem) => !isCovered(problem))),
    ...crossChecks(value),
    ...textChecks(value),
    ...search.problems,
  ];
  const name = valid ? (value.name ?? options.defaultName) : undefined;
  if (valid && name === undefined) {
    problems.push({ path: ['name'], message: 'is required', hint: 'name: names the results folder, e.g. name: init-methods' });
  }
  const notices = problems.filter((problem) => problem.severity === 'notice');
  if (!valid || problems.length > notices.length) return { ok: false, problems };
  return { ok: true, sweep: normalise(value, name!), notices };
}

function axes(written: Partial<Record<string, unknown>> | undefined): Axis[] {
  return Object.entries(written ?? {})
    .filter(([key]) => key !== 'include' && key !== 'exclude')
    .map(([key, values]) => ({ key, values }) as Axis);
}

/** `seeds: 3` is seeds 1, 2, 3. */
function seedList(seeds: SweepFile['seeds']): number[] | null {
  if (seeds === undefined) return null;
  return typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i + 1) : seeds;
}

function normalise(file: SweepFile, name: string): Sweep {
  const { search, grid } = normaliseSearch(file.search);
  return {
    kind: file.kind ?? 'train',
    name,
    description: file.description ?? '',
    fixed: file.fixed ?? {},
    runs: Object.entries(file.runs ?? {}).map(([name, settings]) => ({ name, settings })),
    grid: [...axes(file.grid), ...grid],
    zip: axes(file.zip),
    exclude: [...(file.exclude ?? []), ...(file.grid?.exclude ?? [])],
    excludeAt: [
      ...(file.exclude ?? []).map((_, i) => ['exclude', i]),
      ...(file.grid?.exclude ?? []).map((_, i) => ['grid', 'exclude', i]),
    ],
    include: [...(file.include ?? []), ...(file.grid?.include ?? [])],
    includeAt: [
      ...(file.include ?? []).map((_, i) => ['include', i]),
      ...(file.grid?.include ?? []).map((_, i) => ['grid', 'include', i]),
    ],
    seeds: seedList(file.seeds),
    run: resolveRunSettings({
      ...(file.checkpoint === undefined ? {} : { checkpoint: file.checkpoint }),
      ...(file.checkpoint_every_s === undefined ? {} : { checkpoint_every_s: file.checkpoint_every_s }),
      ...(file.keep === undefined ? {} : { keep: file.keep }),
    }),
    search,
    earlyStopping: normaliseEarlyStopping(file.early_stopping),
  };
}
