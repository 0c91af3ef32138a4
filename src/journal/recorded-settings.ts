/**
 * The settings a record or a plan's job carries, read one by one against the sweep schema's rule for
 * each (core/settings-schema.ts validSettingValue): a setting that is absent or breaks its rule is null and named as a gap, so
 * a record written by an older mlp-sweep can still be shown.
 */
import { validSettingValue } from '../core/check-settings.js';
import { SETTING_NAMES, type SettingName } from '../sweep/schema.js';
import type { RecordedSettings } from './record.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads `raw` as settings; `missing` gets the path of each absent or unreadable one (`settings.precision`). */
export function readSettings(raw: unknown, prefix: string, missing: string[]): RecordedSettings {
  const settings = {} as Record<SettingName, unknown>;
  if (!isObject(raw)) missing.push(prefix);
  const source = isObject(raw) ? raw : {};
  for (const key of SETTING_NAMES) {
    const value = source[key];
    const ok = value !== undefined && validSettingValue(key, value);
    settings[key] = ok ? structuredClone(value) : null;
    if (!ok && isObject(raw)) missing.push(`${prefix}.${key}`);
  }
  return settings as RecordedSettings;
}
