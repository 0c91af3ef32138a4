/**
 * The shape of an early-stopping decision, a line of `decisions.jsonl` (./decisions.ts reads and writes them).
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ValidatorSpec } from '../core/validator.js';
import { JOB_ID_PATTERN } from './record.js';

const Id = Type.String({ pattern: JOB_ID_PATTERN });

export const DecisionRecordSchema = Type.Object(
  {
    /** The trial: its place in the plan and its planned job's id (decisions are replayed by id). */
    trial: Type.Integer({ minimum: 0 }),
    id: Id,
    rung: Type.Integer({ minimum: 0 }),
    /** The rung's epochs, and the id of the job that trained the trial to them. */
    epochs: Type.Integer({ minimum: 1 }),
    rung_id: Id,
    decision: Type.Union([Type.Literal('promoted'), Type.Literal('stopped')]),
    metric: Type.String(),
    /** The trials compared (the rung's prefix when the decision was made), best first. */
    compared: Type.Array(Type.Object({ trial: Type.Integer({ minimum: 0 }), id: Id, value: Type.Number() })),
    decided_at: Type.String(),
  },
  { additionalProperties: false },
);
export type DecisionRecord = Static<typeof DecisionRecordSchema>;

export const DECISION_RECORD_VALIDATOR: ValidatorSpec = { name: 'decision-record', schema: DecisionRecordSchema, options: { allErrors: false } };
