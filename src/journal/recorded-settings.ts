/**
 * The settings a record or a plan's job carries, read one by one against the sweep schema's rule for
 * each (ajv, compiled once): a setting that is absent or breaks its rule is null and named as a gap, so
 * a record written by an older mlp-sweep can still be shown.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { SETTING_NAMES, SettingSchemas, type SettingName } from '../sweep/schema.js';
import type { RecordedSettings } from './record.js';

// compiled on first use, not when the CLI loads
let compiled: Record<SettingName, ValidateFunction> | undefined;
function rules(): Record<SettingName, ValidateFunction> {
  if (compiled === undefined) {
    const ajv = new Ajv({ allowUnionTypes: true });
    compiled = Object.fromEntries(SETTING_NAMES.map((key) => [key, ajv.compile(SettingSchemas[key])])) as Record<SettingName, ValidateFunction>;
  }
  return compiled;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads `raw` as settings; `missing` gets the path of each absent or unreadable one (`settings.precision`). */
export function readSettings(raw: unknown, prefix: string, missing: string[]): RecordedSettings {
  const settings = {} as Record<SettingName, unknown>;
  if (!isObject(raw)) missing.push(prefix);
  const source = isObject(raw) ? raw : {};
  const RULES = rules();
  for (const key of SETTING_NAMES) {
    const value = source[key];
    const ok = value !== undefined && RULES[key](value);
    settings[key] = ok ? structuredClone(value) : null;
    if (!ok && isObject(raw)) missing.push(`${prefix}.${key}`);
  }
  return settings as RecordedSettings;
}
