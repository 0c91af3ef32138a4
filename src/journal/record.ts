/**
 * The journal record: one per finished job, the plain data that workers return, the coordinator
 * appends to `<results>/<sweep>/journal.jsonl`, and reports are built from. Every field is JSON.
 * One TypeBox schema is its shape (as job-message.ts is for messages); check.ts is its one check.
 *
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { GradcheckReport } from '../core/gradcheck.js';
import type { Divergence, EpochMetrics, SplitMetrics } from '../core/metrics.js';
import type { TrainSettings } from '../core/settings.js';
import { JOB_ID_PATTERN as JOB_ID } from '../sweep/ids.js';
import { SETTING_NAMES, SettingSchemas, SettingsPatchSchema, SWEEP_KINDS, type SettingName } from '../sweep/schema.js';

export const JOURNAL_FILE = 'journal.jsonl';

/** 'stopped': early stopping ended the trial at a rung; its record holds the epochs it trained (src/run/early-stopping.ts). */
export const JOB_STATUSES = ['ok', 'diverged', 'failed', 'stopped'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Bumped when the record's shape changes; readers accept older records and warn on missing fields. */
export const RECORD_FORMAT = 1;

/** A content id (sweep/ids.ts), as a schema's pattern. Anything else (`../../x`) is never a job of any plan. */
export const JOB_ID_PATTERN = JOB_ID.source;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** JSON has no NaN: a metric that was not finite is written as null. */
const Metric = Nullable(Type.Number());

// Property order is the order in which a record's gaps are listed (schema-errors follow it).
const EpochSchema = Type.Unsafe<EpochMetrics>(
  Type.Object(
    {
      epoch: Type.Integer({ minimum: 0 }),
      train_loss: Metric,
      train_accuracy: Metric,
      validation_loss: Metric,
      validation_accuracy: Metric,
      train_seconds: Type.Number(),
    },
    { additionalProperties: false },
  ),
);

const SplitSchema = Type.Unsafe<SplitMetrics>(Type.Object({ loss: Metric, accuracy: Metric }, { additionalProperties: false }));

const DivergenceSchema = Type.Unsafe<Divergence>(
  Type.Object({ epoch: Type.Integer({ minimum: 0 }), batch: Nullable(Type.Integer({ minimum: 0 })), loss: Metric }, { additionalProperties: false }),
);

/** The gradient check's table is shown as computed; only its frame is checked. */
const GradcheckSchema = Type.Unsafe<GradcheckReport>(Type.Object({ rows: Type.Array(Type.Unknown()) }));

export const JobErrorSchema = Type.Object(
  {
    name: Type.String(),
    message: Type.String(),
    /** The MlpSweepError code (`DATASET`, `SHAPE`, …) when the error had one; absent in older records. */
    code: Type.Optional(Nullable(Type.String())),
    /** The stack where it was thrown, when there is one (kept for debugging; reports show the message). */
    stack: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type JobError = Static<typeof JobErrorSchema>;

export const JobRecordSchema = Type.Object(
  {
    format: Type.Integer({ minimum: 1 }),
    id: Type.String({ pattern: JOB_ID_PATTERN }),
    sweep: Type.String(),
    /** The named configuration the job came from, or null. */
    name: Nullable(Type.String()),
    /** Place in the plan's order when it ran. */
    index: Type.Integer({ minimum: 0 }),
    /** The settings that vary across the plan (other than seed), as the plan listed them. */
    varying: Type.Unsafe<Partial<TrainSettings>>(SettingsPatchSchema),
    settings: Type.Unsafe<TrainSettings>(Type.Object(SettingSchemas, { additionalProperties: false })),
    status: Type.Unsafe<JobStatus>({ type: 'string', enum: [...JOB_STATUSES] }),
    /** Why the job failed; null unless status is 'failed'. */
    error: Type.Union([JobErrorSchema, Type.Null()]),
    /** Epoch 0 (before training) and every epoch completed; on divergence, the epochs before it. */
    epochs: Type.Array(EpochSchema),
    /** The kernel set that ran it, and its detail line (null when the job failed before choosing). */
    kernels: Nullable(Type.String()),
    kernel_detail: Nullable(Type.String()),
    train_examples_per_second: Nullable(Type.Number()),
    wall_seconds: Type.Number({ minimum: 0 }),
    /** TRAINING_CODE_VERSION of the code that computed it. */
    code_version: Type.Integer({ minimum: 0 }),
    /** sha256 over the dataset files' digests. */
    dataset_digest: Nullable(Type.String()),
    /** ISO time the job finished. */
    finished_at: Type.String(),
    /** Which process and thread ran it: `host:pid/thread`. */
    worker: Type.String(),
    test: Type.Union([SplitSchema, Type.Null()]),
    divergence: Type.Union([DivergenceSchema, Type.Null()]),
    /** The job's kind ('train' when absent: records before gradcheck jobs existed). */
    kind: Type.Optional(Type.Unsafe<'train' | 'gradcheck'>({ type: 'string', enum: [...SWEEP_KINDS] })),
    /** A gradcheck job's table, after its training; null (or absent) for train jobs. */
    gradcheck: Type.Optional(Type.Union([GradcheckSchema, Type.Null()])),
    /** Where the job continued from a checkpoint (epoch in progress, next batch); null or absent: from the start. */
    resumed_from: Type.Optional(
      Nullable(Type.Object({ epoch: Type.Integer({ minimum: 1 }), batch: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    ),
    /**
     * An early-stopping rung run that continued the end state of the trial's previous rung: that run's id,
     * and the first epoch this run trained (the epochs before it are the previous run's). Absent: from epoch 1.
     */
    continued_from: Type.Optional(
      Nullable(Type.Object({ job: Type.String({ pattern: JOB_ID_PATTERN }), epoch: Type.Integer({ minimum: 2 }) }, { additionalProperties: false })),
    ),
  },
  { additionalProperties: false },
);
export type JobRecord = Static<typeof JobRecordSchema>;

/** Every setting, null where a record (or a plan) did not say: how an older record's settings are read. */
export type RecordedSettings = { [K in SettingName]: TrainSettings[K] | null };
export { SETTING_NAMES };
