/**
 * The settings check every entry point without a file makes (the library's `train()` and `createModel()`,
 * the CLI's `train` and `gradcheck`): the settings' schema (src/core/settings-schema.ts, the rules a sweep
 * file meets too), then the check between two settings a schema cannot express (a batch larger than the
 * training set). A refusal names every problem the way a sweep file does, without the position:
 *
 *   settings.learning_rate: must be > 0 (got -0.1)
 *   settings.lr: unknown setting (got "lr")
 *     hint: did you mean "learning_rate"?
 */
import type { ValidateFunction } from 'ajv';
import { type ValidatorSpec, validator } from './validator.js';
import { DATASET_DESCRIPTORS, type DatasetDescriptor } from '../data/descriptor.js';
import { SettingsError } from '../errors.js';
import { formatProblem, show, type Path, type Problem } from './problem.js';
import { problemsFromErrors } from './schema-problems.js';
import { SETTING_VALIDATORS, SettingsPatchSchema, type SettingName, type SettingsPatch } from './settings-schema.js';
import { resolveSettings, type DatasetName, type TrainSettings } from './settings.js';

export const SETTINGS_PATCH_VALIDATOR: ValidatorSpec = { name: 'settings-patch', schema: SettingsPatchSchema, options: { allErrors: true, verbose: true, allowUnionTypes: true } };
const patchValidator = (): ValidateFunction<SettingsPatch> => validator<SettingsPatch>(SETTINGS_PATCH_VALIDATOR);

/** Whether `value` keeps the rule of the setting `key`. */
export function validSettingValue(key: SettingName, value: unknown): boolean {
  return validator(SETTING_VALIDATORS[key])(value);
}

/** The examples a job's batches are cut from: the training split, or the first train_limit of it. */
export function trainingSetSize(settings: TrainSettings): number {
  const size = datasetOf(settings).split.train;
  return settings.train_limit === null ? size : Math.min(settings.train_limit, size);
}

/** The descriptor of the dataset the settings name (every name DATASETS allows has one: the build checks it). */
export function datasetOf(settings: Pick<TrainSettings, 'dataset'>): DatasetDescriptor {
  const byName: Record<DatasetName, DatasetDescriptor> = DATASET_DESCRIPTORS;
  return byName[settings.dataset];
}

/**
 * A batch larger than the training set, blamed on the batch size where it is at `batchAt`, or else on the
 * train_limit at `limitAt` (the one the caller chose); none when the batch fits.
 */
export function batchProblem(settings: TrainSettings, batchAt: Path | undefined, limitAt: Path | undefined): Problem | undefined {
  const size = trainingSetSize(settings);
  if (settings.batch_size <= size) return undefined;
  const of = settings.train_limit === null ? `${size} examples` : `${size} examples (train_limit)`;
  if (batchAt || !limitAt) {
    return {
      path: batchAt ?? [],
      message: `is larger than the training set of ${of}`,
      got: show(settings.batch_size),
      hint: `use a batch size of at most ${size}`,
    };
  }
  return {
    path: limitAt,
    message: `leaves fewer training examples than the batch size of ${settings.batch_size}`,
    got: show(settings.train_limit),
    hint: `set train_limit to at least ${settings.batch_size}, or a smaller batch_size`,
  };
}

/** Every problem of some settings as given (not yet defaulted), with paths under `settings`. */
export function settingsProblems(given: unknown): Problem[] {
  const under = (problem: Problem): Problem => ({ ...problem, path: ['settings', ...problem.path] });
  const validatePatch = patchValidator();
  if (!validatePatch(given)) {
    return problemsFromErrors(validatePatch.errors ?? [], given).map(under);
  }
  const settings = resolveSettings(given);
  const has = (key: keyof TrainSettings): Path | undefined => (key in given ? [key] : undefined);
  // As in a sweep file: the batch size is blamed unless only the train_limit was chosen.
  const batch = batchProblem(settings, has('batch_size'), has('train_limit'));
  return batch === undefined ? [] : [under(batch)];
}

/** The settings as given, defaulted, or a SettingsError naming every problem. */
export function checkSettings(given: unknown): TrainSettings {
  const problems = settingsProblems(given);
  if (problems.length > 0) {
    throw new SettingsError(problems.map(formatProblem).join('\n'));
  }
  return resolveSettings(given as Partial<TrainSettings>);
}
