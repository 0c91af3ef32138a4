/**
 * TypeBox helpers for the schema modules (scripts/freeze-schemas.ts lists them). Those modules export
 * plain data only, and the build replaces each with its value, so only the build runs this code.
 */
import { Type } from '@sinclair/typebox';

/** A string that must be one of `values`, as a single `enum` so a mistake gives one error, not one per value. */
export function oneOf<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}
