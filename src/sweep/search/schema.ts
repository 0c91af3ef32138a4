/**
 * `search:` and `early_stopping:` as a sweep file writes them (TypeBox, like the rest of the file's schema in
 * ../schema.ts). The schema holds the shapes, so editors complete them; the rules between values (ranges,
 * a distribution that suits its setting) are checks.ts's, with their messages and exact hints.
 *
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { oneOf } from '../../core/schema-builders.js';
import { MAX_SEED, SettingSchemas, type SettingName } from '../../core/settings-schema.js';

export const SEARCH_METHODS = ['grid', 'random'] as const;
export const EARLY_STOPPING_METHODS = ['asha'] as const;
/** Metrics early stopping can rank by: accuracy is maximised, loss minimised. */
export const STOPPING_METRICS = ['validation_accuracy', 'validation_loss'] as const;
export type StoppingMetric = (typeof STOPPING_METRICS)[number];

/** The distributions a space entry may name, each a mapping of one key: `{log_uniform: [0.001, 0.5]}`. */
export const DISTRIBUTIONS = ['uniform', 'log_uniform', 'int_uniform', 'q_uniform', 'q_log_uniform', 'choice'] as const;
export type DistributionName = (typeof DISTRIBUTIONS)[number];

/** Settings that are numbers, so that ranges can be sampled for them; every other setting takes `choice` only. */
export const NUMERIC_SETTINGS = ['learning_rate', 'batch_size', 'epochs', 'train_limit'] as const satisfies readonly SettingName[];
/** Of those, the ones that must be whole numbers. */
export const INTEGER_SETTINGS: readonly SettingName[] = ['batch_size', 'epochs', 'train_limit'];

/** Most trials a random search may ask for; the planner's job limit (--max-jobs) applies as well. */
export const MAX_TRIALS = 100_000;

const pair = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const triple = Type.Array(Type.Number(), { minItems: 3, maxItems: 3 });
const oneDistribution = { additionalProperties: false, minProperties: 1, maxProperties: 1 } as const;

function distributionOf(key: SettingName): TSchema {
  const choice = Type.Array(SettingSchemas[key], { minItems: 1 });
  if (!(NUMERIC_SETTINGS as readonly string[]).includes(key)) {
    return Type.Object({ choice: Type.Optional(choice) }, oneDistribution);
  }
  return Type.Object(
    {
      uniform: Type.Optional(pair),
      log_uniform: Type.Optional(pair),
      int_uniform: Type.Optional(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 })),
      q_uniform: Type.Optional(triple),
      q_log_uniform: Type.Optional(triple),
      choice: Type.Optional(choice),
    },
    oneDistribution,
  );
}

const spaceProperties: Record<string, TSchema> = {};
for (const key of Object.keys(SettingSchemas) as SettingName[]) spaceProperties[key] = Type.Optional(distributionOf(key));

/** `space`: each searched setting and its distribution. */
export const SpaceSchema = Type.Object(spaceProperties, { additionalProperties: false, minProperties: 1 });

export const SearchSchema = Type.Object(
  {
    method: oneOf(SEARCH_METHODS),
    trials: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TRIALS })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEED })),
    space: SpaceSchema,
  },
  { additionalProperties: false },
);
export type SearchFile = Static<typeof SearchSchema>;

export const EarlyStoppingSchema = Type.Object(
  {
    method: oneOf(EARLY_STOPPING_METHODS),
    metric: Type.Optional(oneOf(STOPPING_METRICS)),
    min_epochs: Type.Optional(Type.Integer({ minimum: 1 })),
    max_epochs: Type.Integer({ minimum: 1 }),
    reduction_factor: Type.Optional(Type.Integer({ minimum: 2 })),
  },
  { additionalProperties: false },
);
export type EarlyStoppingFile = Static<typeof EarlyStoppingSchema>;
