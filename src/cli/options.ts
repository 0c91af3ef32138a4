/** Parsers for command-line option values, each failing with a message that names the option and the value. */
import { InvalidArgumentError } from 'commander';

export function parseInteger(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

/**
 * A setting's number, as written: only the syntax is checked here, its range by the settings' schema
 * (src/core/settings-schema.ts), so `--epochs 0` is refused with the words a sweep file gets.
 */
export function parseNumber(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (Number.isNaN(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

/** "512,1024" → [512, 1024]; "" → [] (no hidden layer). The sizes' range is the settings' schema's to check. */
export function parseNumbers(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const n = part.trim() === '' ? NaN : Number(part);
    if (Number.isNaN(n)) throw new InvalidArgumentError(`expected comma-separated numbers such as 512,1024, got "${value}"`);
    return n;
  });
}
