/** Whether a value is valid for a setting, by the settings' own schema (src/core/settings-schema.ts). */
import { Ajv, type ValidateFunction } from 'ajv';
import { SettingSchemas, type SettingName } from '../../core/settings-schema.js';

const ajv = new Ajv({ allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();

export function isSettingName(key: string): key is SettingName {
  return Object.hasOwn(SettingSchemas, key);
}

export function validFor(key: SettingName, value: unknown): boolean {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(SettingSchemas[key]);
    validators.set(key, validate);
  }
  return validate(value);
}
