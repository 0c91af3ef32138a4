/** Parsers for command-line option values, each failing with a message that names the option and the value. */
import { InvalidArgumentError } from 'commander';

export function parseInteger(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got "${value}"`);
  return n;
}

/** "512,1024" → [512, 1024]; "" → [] (no hidden layer). */
export function parseSizes(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`expected comma-separated integers ≥ 1 such as 512,1024, got "${value}"`);
    }
    return n;
  });
}

export function parseChoice<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}
