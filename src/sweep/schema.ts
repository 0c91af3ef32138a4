/**
 * The sweep-file schema: the one source of truth for what a file may say and for its TypeScript types.
 *
 * Why TypeBox rather than ajv's `JSONSchemaType`: TypeBox builds the JSON Schema and infers the static type
 * from the same expression, so the two cannot drift; `JSONSchemaType` makes us write the type twice (once as
 * an interface, once as a schema checked against it) and handles nullable unions and mapped records poorly.
 * The schema is plain JSON Schema, compiled once by ajv in validate.ts.
 *
 * The settings' own schema is src/core/settings-schema.ts, the single rule set for settings; this file adds
 * what only a sweep file has (grid, zip, runs, include, exclude, seeds).
 *
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { Type, type Static, type TSchema, type TOptional, type TArray, type TObject } from '@sinclair/typebox';
import { oneOf } from '../core/schema-builders.js';
import {
  FullSettingsSchema,
  RunSettingSchemas,
  SettingSchemas,
  SettingsPatchSchema,
} from '../core/settings-schema.js';
import { MNIST } from '../data/descriptor.js';
import { EarlyStoppingSchema, SearchSchema } from './search/schema.js';

// Sweep code and the report name the settings' schema from here.
export { SETTING_NAMES, SettingSchemas, SettingsPatchSchema, type SettingName, type SettingsPatch } from '../core/settings-schema.js';

/** MNIST's training split after the validation examples are set aside (public; src/data/descriptor.ts holds it). */
export const TRAINING_SET_SIZE = MNIST.split.train;

/**
 * Job kinds a sweep may plan: `train` (train and measure), and `gradcheck` (train with the settings, then
 * check backprop against central differences in float64 on every tensor; see src/run/execute-job.ts).
 */
export const SWEEP_KINDS = ['train', 'gradcheck'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

/** A sweep's name names its results folder: one path segment, no separators, cannot be `.` or `..`. */
export const SAFE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const MAX_NAME_LENGTH = 64;

type AxesOf<T extends Record<string, TSchema>> = TObject<{ [K in keyof T]: TOptional<TArray<T[K]>> }>;

/** Each setting as a list of values: what `grid` and `zip` hold. Empty lists are refused (an empty axis). */
function axesOf<T extends Record<string, TSchema>>(settings: T): AxesOf<T> {
  const properties: Record<string, TSchema> = {};
  for (const [key, schema] of Object.entries(settings)) {
    properties[key] = Type.Optional(Type.Array(schema, { minItems: 1 }));
  }
  return Type.Object(properties, { additionalProperties: false }) as unknown as AxesOf<T>;
}

export const AxesSchema = axesOf(SettingSchemas);
export type Axes = Static<typeof AxesSchema>;

/** Top-level keys that the sweep ignores, for YAML anchors shared by the rest of the file. */
export const EXTENSION_KEY_PATTERN = '^x-';

/** An include or exclude entry: at least one setting. */
const EntrySchema = Type.Partial(FullSettingsSchema, { additionalProperties: false, minProperties: 1 });
const EntriesSchema = Type.Optional(Type.Array(EntrySchema));

/**
 * `grid` as people write it: the axes, and, as GitHub Actions nests them under `matrix`, its include and
 * exclude entries (the same as the top-level ones; both places may be used).
 */
export const GridSchema = Type.Object(
  { ...AxesSchema.properties, include: EntriesSchema, exclude: EntriesSchema },
  { additionalProperties: false },
);

/** Most seeds a count may ask for (`seeds: 3` is seeds 1, 2, 3). */
export const MAX_SEED_COUNT = 10_000;

/** The file as written. Keys are documented in docs/SWEEP-FILES.md. */
export const SweepFileSchema = Type.Object(
  {
    kind: Type.Optional(oneOf(SWEEP_KINDS)),
    // without one, the file's base name (src/sweep/load.ts)
    name: Type.Optional(Type.String({ pattern: SAFE_NAME_PATTERN, maxLength: MAX_NAME_LENGTH })),
    description: Type.Optional(Type.String()),
    fixed: Type.Optional(SettingsPatchSchema),
    runs: Type.Optional(
      Type.Record(Type.String({ pattern: SAFE_NAME_PATTERN, maxLength: MAX_NAME_LENGTH }), SettingsPatchSchema, { additionalProperties: false }),
    ),
    grid: Type.Optional(GridSchema),
    zip: Type.Optional(AxesSchema),
    exclude: EntriesSchema,
    include: EntriesSchema,
    // A list of seeds, or a count n for seeds 1..n; one `type` list so a wrong value yields one message.
    // Repeated seeds are reported by checks.ts, which names every repeat (ajv's uniqueItems names only one).
    seeds: Type.Optional(
      Type.Unsafe<number[] | number>({
        type: ['array', 'integer'],
        items: SettingSchemas.seed,
        minItems: 1,
        minimum: 1,
        maximum: MAX_SEED_COUNT,
      }),
    ),
    // run settings: how the run keeps checkpoints and models (docs/CHECKPOINTS.md); not part of job ids
    checkpoint: Type.Optional(RunSettingSchemas.checkpoint),
    checkpoint_every_s: Type.Optional(RunSettingSchemas.checkpoint_every_s),
    keep: Type.Optional(RunSettingSchemas.keep),
    // Random search and early stopping: src/sweep/search/.
    search: Type.Optional(SearchSchema),
    early_stopping: Type.Optional(EarlyStoppingSchema),
  },
  // Keys starting with `x-` are ignored, as in Docker Compose files: a place to define YAML anchors.
  { additionalProperties: false, patternProperties: { [EXTENSION_KEY_PATTERN]: {} } },
);
export type SweepFile = Static<typeof SweepFileSchema>;

export type TopLevelKey = keyof SweepFile;
export const TOP_LEVEL_KEYS = Object.keys(SweepFileSchema.properties) as TopLevelKey[];
