/**
 * The parsed file → a validated, normalised `Sweep`, or every problem found. The schema is compiled by ajv
 * once, when this module loads.
 */
import { Ajv } from 'ajv';
import { crossChecks } from './checks.js';
import type { Problem } from './diagnostics.js';
import { SweepFileSchema, type SettingName, type SweepFile } from './schema.js';
import { resolveRunSettings } from '../core/run-settings.js';
import { problemsFromSchemaErrors } from './schema-errors.js';
import type { Axis, Sweep } from './sweep.js';

const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
const validateFile = ajv.compile<SweepFile>(SweepFileSchema);

export type Validation = { ok: true; sweep: Sweep } | { ok: false; problems: Problem[] };

export function validateSweep(value: unknown): Validation {
  const valid = validateFile(value);
  const problems = [
    ...(valid ? [] : problemsFromSchemaErrors(validateFile.errors ?? [], value)),
    ...crossChecks(value),
  ];
  if (!valid || problems.length > 0) return { ok: false, problems };
  return { ok: true, sweep: normalise(value) };
}

function axes(written: Partial<Record<SettingName, unknown[]>> | undefined): Axis[] {
  return Object.entries(written ?? {}).map(([key, values]) => ({ key, values }) as Axis);
}

function normalise(file: SweepFile): Sweep {
  return {
    kind: file.kind ?? 'train',
    name: file.name,
    description: file.description ?? '',
    fixed: file.fixed ?? {},
    runs: Object.entries(file.runs ?? {}).map(([name, settings]) => ({ name, settings })),
    grid: axes(file.grid),
    zip: axes(file.zip),
    exclude: file.exclude ?? [],
    include: file.include ?? [],
    seeds: file.seeds ?? null,
    run: resolveRunSettings({
      ...(file.checkpoint === undefined ? {} : { checkpoint: file.checkpoint }),
      ...(file.checkpoint_every_s === undefined ? {} : { checkpoint_every_s: file.checkpoint_every_s }),
      ...(file.keep === undefined ? {} : { keep: file.keep }),
    }),
  };
}
