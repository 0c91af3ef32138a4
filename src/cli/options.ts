/** Parsers for command-line option values, each failing with a message that names the option and the value. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { RunSettings } from '../core/run-settings.js';
import { showValue } from '../sweep/show-value.js';

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

/**
 * "512,1024" or "[512, 1024]" (as a sweep file writes it) → [512, 1024]; "" or "[]" → [] (no hidden layer).
 * The sizes' range is the settings' schema's to check.
 */
export function parseNumbers(value: string): number[] {
  const list = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (list.trim() === '') return [];
  return list.split(',').map((part) => {
    const n = part.trim() === '' ? NaN : Number(part);
    if (Number.isNaN(n)) throw new InvalidArgumentError(`expected comma-separated numbers such as 512,1024, got "${value}"`);
    return n;
  });
}

/**
 * A training setting as an option named as in sweep files (`--learning-rate` for `learning_rate`), with
 * the older short name kept as a hidden alias (`--lr`). Read it back with `settingOption`.
 */
export function addSettingOption<T>(
  command: Command,
  flags: { long: string; alias: string; value: string },
  description: string,
  parse: (value: string) => T,
  defaultValue: T,
): Command {
  command.addOption(new Option(`${flags.long} <${flags.value}>`, description).argParser(parse).default(defaultValue, showValue(defaultValue)));
  command.addOption(new Option(`${flags.alias} <${flags.value}>`, `same as ${flags.long}`).argParser(parse).hideHelp());
  return command;
}

/** The value of a setting option: the long name's, unless only the alias was given. */
export function settingOption<T>(command: Command, long: string, alias: string): T {
  const opts = command.opts();
  return (command.getOptionValueSource(long) === 'default' && opts[alias] !== undefined ? opts[alias] : opts[long]) as T;
}

/**
 * The run settings `--no-checkpoint` and `--keep-models` override (`run` and `slurm` take both): only
 * those given, so the sweep file decides the rest. Commander sets `checkpoint` false for --no-checkpoint.
 */
export function runSettingsFromFlags(options: { checkpoint?: boolean; keepModels?: boolean }): Partial<RunSettings> {
  return { ...(options.checkpoint === false ? { checkpoint: false } : {}), ...(options.keepModels ? { keep: 'final' as const } : {}) };
}
