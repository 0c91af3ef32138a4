/**
 * Hints that, applied as written, give a valid file: each proposed value is checked against the
 * setting's own schema first, and a hint that would lead into the next error is not given (or names a
 * value that is valid, the setting's default). Values are written as YAML flow, as in the file.
 */
import { DEFAULT_SETTINGS } from '../core/settings.js';
import { SettingSchemas, type SettingName } from './schema.js';
import { validSettingValue } from '../core/check-settings.js';
import { showValue } from './show-value.js';

/** Whether `value` is a valid value of the setting `key` (false for a key that names no setting). */
export function validSetting(key: string, value: unknown): boolean {
  if (!(key in SettingSchemas)) return false;
  return validSettingValue(key as SettingName, value);
}

/** A scalar of a YAML flow list as the file would hold it: "0.1" → 0.1, "zeros" → "zeros". */
function scalar(text: string): unknown {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** A grid or zip axis that is not a list: the fix for what was written there. */
export function axisHint(key: string, data: unknown): string | undefined {
  const write = (values: unknown[]) => `write ${showValue(values)}`;
  // Hydra's comma syntax, `learning_rate: 0.1,0.01`
  if (typeof data === 'string' && data.includes(',')) {
    const values = data.split(',').map(scalar);
    if (values.every((v) => validSetting(key, v))) return `an axis is a list of values, not comma-separated text: ${write(values)}`;
  }
  // a random-search distribution, `{distribution: log_uniform, min: 0.001, max: 0.1}`
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const range = data as Record<string, unknown>;
    const ends = [range.min ?? range.low, range.max ?? range.high];
    if (ends.every((v) => validSetting(key, v))) {
      return `a grid lists values, it does not sample a distribution: ${write(ends)} (or more values between them)`;
    }
    return `a grid lists values, it does not sample a distribution: list them, e.g. ${write([defaultOf(key)])}`;
  }
  if (validSetting(key, data)) return `an axis is a list of values: ${write([data])}, or move the setting to fixed`;
  return key in SettingSchemas ? `an axis is a list of values, e.g. ${write([defaultOf(key)])}` : undefined;
}

/** grid.hidden_sizes written as one value, `[512, 1024]`: the axis of that one value. */
export function hiddenSizesAxisHint(axis: unknown): string {
  if (Array.isArray(axis) && validSetting('hidden_sizes', axis)) {
    return `each value of hidden_sizes is itself a list: write ${showValue([axis])} for the one value ${showValue(axis)}`;
  }
  return `each value of hidden_sizes is itself a list: write [[512, 1024]] for the one value [512, 1024]`;
}

function defaultOf(key: string): unknown {
  return (DEFAULT_SETTINGS as Record<string, unknown>)[key];
}
