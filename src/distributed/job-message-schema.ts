/**
 * The shape of a job message (./job-message.ts says what one is, builds them and checks them).
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ValidatorSpec } from '../core/validator.js';
import type { Job } from '../sweep/job.js';
import { JOB_ID_PATTERN } from '../sweep/ids.js';
import { FullSettingsSchema, RunSettingSchemas, SettingsPatchSchema } from '../core/settings-schema.js';
import { MAX_NAME_LENGTH, SAFE_NAME_PATTERN, SWEEP_KINDS } from '../sweep/schema.js';

export const JOB_MESSAGE_FORMAT = 1;

const SHA256_HEX = '^[0-9a-f]{64}$';

export const JobMessageSchema = Type.Object(
  {
    format: Type.Literal(JOB_MESSAGE_FORMAT),
    id: Type.String({ pattern: JOB_ID_PATTERN.source }),
    index: Type.Integer({ minimum: 0 }),
    kind: Type.Unsafe<Job['kind']>({ type: 'string', enum: [...SWEEP_KINDS] }),
    sweep: Type.String({ pattern: SAFE_NAME_PATTERN, maxLength: MAX_NAME_LENGTH }),
    name: Type.Union([Type.String({ pattern: SAFE_NAME_PATTERN, maxLength: MAX_NAME_LENGTH }), Type.Null()]),
    settings: FullSettingsSchema,
    varying: SettingsPatchSchema,
    plan_hash: Type.String({ pattern: SHA256_HEX }),
    code_version: Type.Integer({ minimum: 0 }),
    dataset_digest: Type.String({ pattern: SHA256_HEX }),
    /** How the worker checkpoints the job (absent: the defaults). Not in the id: it never changes what a job computes. */
    run: Type.Optional(
      Type.Object(
        { checkpoint: RunSettingSchemas.checkpoint, checkpoint_every_s: RunSettingSchemas.checkpoint_every_s },
        { additionalProperties: false },
      ),
    ),
    signature: Type.Optional(Type.String({ pattern: SHA256_HEX })),
  },
  { additionalProperties: false },
);
export type JobMessage = Static<typeof JobMessageSchema>;
/** The run settings a message carries: `keep` stays home, a worker's disk is not the results folder. */
export type MessageRunSettings = NonNullable<JobMessage['run']>;

export const JOB_MESSAGE_VALIDATOR: ValidatorSpec = { name: 'job-message', schema: JobMessageSchema, options: { allErrors: true, verbose: true, allowUnionTypes: true } };
