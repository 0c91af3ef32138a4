/**
 * The one rule set for training settings, as a TypeBox schema: sweep files (src/sweep/schema.ts builds on
 * it), job messages, the CLI's `train` and `gradcheck` and the library's `train()` / `createModel()` all
 * check settings against it, so a value is refused, with the same message, wherever it comes from.
 *
 * Why TypeBox rather than ajv's `JSONSchemaType`: TypeBox builds the JSON Schema and infers the static type
 * from the same expression, so the two cannot drift; a compile-time check below fails the build if the
 * schema's settings ever stop being exactly `TrainSettings`.
 *
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts), so no
 * command loads TypeBox. A function or class goes in another file (validSettingValue: check-settings.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ACTIVATIONS, DATASETS, INIT_METHODS, KERNEL_CHOICES, PRECISIONS, type TrainSettings } from './settings.js';
import { KEEP_CHOICES, type RunSettings } from './run-settings.js';
import { oneOf } from './schema-builders.js';
import type { ValidatorSpec } from './validator.js';

/**
 * The largest seed: the one place its bound is written. Seeds are expanded by SplitMix64 into the
 * generator's 128-bit state (src/core/rng.ts), so every safe integer is a seed of its own.
 */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

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
  seed: Type.Integer({ minimum: 0, maximum: MAX_SEED }),
  // One `type` list rather than anyOf so a wrong value yields one message.
  train_limit: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 }),
};

export type SettingName = keyof typeof SettingSchemas;
/** Setting names in the order of `TrainSettings`; tables and canonical listings follow it. */
export const SETTING_NAMES = Object.keys(SettingSchemas) as SettingName[];

/** Each setting's rule alone, as a validator (./validator.ts): `setting-learning-rate` and so on. */
export const SETTING_VALIDATORS = Object.fromEntries(
  SETTING_NAMES.map((key) => [key, { name: `setting-${key.replace(/_/g, '-')}`, schema: SettingSchemas[key], options: { allowUnionTypes: true } }]),
) as Record<SettingName, ValidatorSpec>;

/** Every setting, each required, no other key. */
export const FullSettingsSchema = Type.Object(SettingSchemas, { additionalProperties: false });

// Fails to compile if the schema's settings and the core's TrainSettings ever differ in a key or a type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const settingsMatchCore: Same<Static<typeof FullSettingsSchema>, TrainSettings> = true;
void settingsMatchCore;

/** Some settings, each optional: what `fixed`, a named run, a library call or a command line holds. */
export const SettingsPatchSchema = Type.Partial(FullSettingsSchema, { additionalProperties: false });
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

/** The run settings (src/core/run-settings.ts): top-level keys of a sweep file, never part of a job id. */
export const RunSettingSchemas = {
  checkpoint: Type.Boolean(),
  checkpoint_every_s: Type.Number({ exclusiveMinimum: 0 }),
  keep: oneOf(KEEP_CHOICES),
};
/** The three run settings, each required: what a frozen plan carries (src/distributed/slurm/frozen-plan.ts). */
export const RunSettingsSchema = Type.Object(RunSettingSchemas, { additionalProperties: false });
const runSettingsMatchCore: Same<Static<typeof RunSettingsSchema>, RunSettings> = true;
void runSettingsMatchCore;
