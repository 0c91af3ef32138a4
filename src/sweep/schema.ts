/**
 * The sweep-file schema: the one source of truth for what a file may say and for its TypeScript types.
 *
 * Why TypeBox rather than ajv's `JSONSchemaType`: TypeBox builds the JSON Schema and infers the static type
 * from the same expression, so the two cannot drift; `JSONSchemaType` makes us write the type twice (once as
 * an interface, once as a schema checked against it) and handles nullable unions and mapped records poorly.
 * The schema is plain JSON Schema, compiled once by ajv in validate.ts.
 *
 * The settings come from src/core/settings.ts (the allowed names of init, precision, kernels, …), and a
 * compile-time check below fails the build if the schema's settings ever stop being exactly `TrainSettings`.
 */
import { Type, type Static, type TSchema, type TOptional, type TArray, type TObject } from '@sinclair/typebox';
import {
  ACTIVATIONS,
  DATASETS,
  INIT_METHODS,
  KERNEL_CHOICES,
  PRECISIONS,
  type TrainSettings,
} from '../core/settings.js';

/** MNIST's training split after the 10,000 validation examples are set aside. */
export const TRAINING_SET_SIZE = 50_000;

/**
 * Job kinds a sweep may plan: `train` (train and measure), and `gradcheck` (train with the settings, then
 * check backprop against central differences in float64 on every tensor; see src/run/execute-job.ts).
 */
export const SWEEP_KINDS = ['train', 'gradcheck'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

/** A sweep's name names its results folder: one path segment, no separators, cannot be `.` or `..`. */
export const SAFE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const MAX_NAME_LENGTH = 64;

/** A string that must be one of `values`, as a single `enum` so a mistake gives one error, not one per value. */
function oneOf<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** The schema of every training setting, each required: the shape of `TrainSettings`. */
export const SettingSchemas = {
  dataset: oneOf(DATASETS),
  hidden_sizes: Type.Array(Type.Integer({ minimum: 1 })),
  activation: oneOf(ACTIVATIONS),
  init: oneOf(INIT_METHODS),
  learning_rate: Type.Number({ exclusiveMinimum: 0 }),
  batch_size: Type.Integer({ minimum: 1 }),
  epochs: Type.Integer({ minimum: 1 }),
  precision: oneOf(PRECISIONS),
  kernels: oneOf(KERNEL_CHOICES),
  seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1 }),
  // One `type` list rather than anyOf so a wrong value yields one message.
  train_limit: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 }),
};

export type SettingName = keyof typeof SettingSchemas;
/** Setting names in the order of `TrainSettings`; tables and canonical listings follow it. */
export const SETTING_NAMES = Object.keys(SettingSchemas) as SettingName[];

const FullSettings = Type.Object(SettingSchemas);

// Fails to compile if the schema's settings and the core's TrainSettings ever differ in a key or a type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const settingsMatchCore: Same<Static<typeof FullSettings>, TrainSettings> = true;
void settingsMatchCore;

/** Some settings, each optional: what `fixed`, a named run, an include or an exclude entry holds. */
export const SettingsPatchSchema = Type.Partial(FullSettings, { additionalProperties: false });
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

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

/** The file as written. Keys are documented in docs/SWEEP-FILES.md. */
export const SweepFileSchema = Type.Object(
  {
    kind: Type.Optional(oneOf(SWEEP_KINDS)),
    name: Type.String({ pattern: SAFE_NAME_PATTERN, maxLength: MAX_NAME_LENGTH }),
    description: Type.Optional(Type.String()),
    fixed: Type.Optional(SettingsPatchSchema),
    runs: Type.Optional(
      Type.Record(Type.String({ pattern: SAFE_NAME_PATTERN }), SettingsPatchSchema, { additionalProperties: false }),
    ),
    grid: Type.Optional(AxesSchema),
    zip: Type.Optional(AxesSchema),
    exclude: Type.Optional(Type.Array(Type.Partial(FullSettings, { additionalProperties: false, minProperties: 1 }))),
    include: Type.Optional(Type.Array(Type.Partial(FullSettings, { additionalProperties: false, minProperties: 1 }))),
    // Repeated seeds are reported by checks.ts, which names every repeat (ajv's uniqueItems names only one).
    seeds: Type.Optional(Type.Array(SettingSchemas.seed, { minItems: 1 })),
  },
  // Keys starting with `x-` are ignored, as in Docker Compose files: a place to define YAML anchors.
  { additionalProperties: false, patternProperties: { [EXTENSION_KEY_PATTERN]: {} } },
);
export type SweepFile = Static<typeof SweepFileSchema>;

export type TopLevelKey = keyof SweepFile;
export const TOP_LEVEL_KEYS = Object.keys(SweepFileSchema.properties) as TopLevelKey[];
