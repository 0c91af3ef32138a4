/** Whether a value is valid for a setting, by the settings' own schema (src/core/settings-schema.ts). */
import { validSettingValue } from '../../core/check-settings.js';
import { SettingSchemas, type SettingName } from '../../core/settings-schema.js';

export function isSettingName(key: string): key is SettingName {
  return Object.hasOwn(SettingSchemas, key);
}

export function validFor(key: SettingName, value: unknown): boolean {
  return validSettingValue(key, value);
}
