/**
 * The shape of a checkpoint's training state, its JSON metadata entry (./record.ts encodes and checks it).
 * Plain data only: the build replaces this module by its value (scripts/freeze-schemas.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import type { ValidatorSpec } from '../../core/validator.js';

const Finite = Type.Number();
const Count = Type.Integer({ minimum: 0 });
const Int32 = Type.Integer({ minimum: -(2 ** 31), maximum: 2 ** 31 - 1 });
export const StateSchema = Type.Object(
  {
    position: Type.Object({ epoch: Type.Integer({ minimum: 1 }), batch: Count }, { additionalProperties: false }),
    partial: Type.Object({ loss_sum: Finite, correct: Count, seen: Count, seconds: Finite }, { additionalProperties: false }),
    epochs: Type.Array(
      Type.Object(
        {
          epoch: Count,
          train_loss: Type.Union([Finite, Type.Null()]),
          train_accuracy: Type.Union([Finite, Type.Null()]),
          validation_loss: Finite,
          validation_accuracy: Finite,
          train_seconds: Finite,
        },
        { additionalProperties: false },
      ),
    ),
    streams: Type.Object(
      {
        shuffle: Type.Object(
          { generator: Type.Array(Int32, { minItems: 4, maxItems: 4 }), spare_normal: Type.Union([Finite, Type.Null()]) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    train_seconds: Finite,
    trained_examples: Count,
  },
  { additionalProperties: false },
);
export const CHECKPOINT_STATE_VALIDATOR: ValidatorSpec = { name: 'checkpoint-state', schema: StateSchema, options: { allErrors: true, allowUnionTypes: true } };
export type CheckpointStateJson = Static<typeof StateSchema>;
