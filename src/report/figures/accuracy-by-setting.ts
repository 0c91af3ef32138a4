/**
 * Per sweep and varying setting: final validation accuracy against the setting's values, a point per
 * finished job (seed) and a line through each configuration's mean, coloured by the other varying settings.
 */
import type { SettingName } from '../../sweep/schema.js';
import { configurationKey, settingValues, type Configuration } from '../aggregate.js';
import { formatSettingValue } from '../format.js';
import { finalValidationAccuracy } from '../outcome.js';
import type { SweepResults } from '../results.js';
import { CONFIG, HEIGHT, SCHEMA, SETTING_TITLES, VALIDATION_ACCURACY_TITLE, WIDTH, colourScheme, type FigureSpec } from './theme.js';

export function accuracyBySettingFigure(results: SweepResults, configs: readonly Configuration[], setting: SettingName): FigureSpec {
  const others = results.varying.filter((key) => key !== setting);
  const groupOf = (settings: Configuration['settings']): string =>
    others.length === 0 ? 'all' : others.map((key) => `${key}=${formatSettingValue(key, settings[key])}`).join(' ');
  const order = settingValues(results.jobs, setting).map((v) => formatSettingValue(setting, v));

  const finished = new Set(configs.filter((c) => c.validationAccuracy !== null).map((c) => c.key));
  const points = results.jobs.flatMap((job) => {
    const accuracy = finalValidationAccuracy(job);
    if (accuracy === null || !finished.has(configurationKey(job.settings))) return [];
    return [{ value: formatSettingValue(setting, job.settings[setting]), group: groupOf(job.settings), accuracy: 100 * accuracy, seed: job.settings.seed }];
  });
  const means = configs.flatMap((c) =>
    c.validationAccuracy === null
      ? []
      : [{ value: formatSettingValue(setting, c.settings[setting]), group: groupOf(c.settings), accuracy: 100 * c.validationAccuracy.mean }],
  );
  const groups = [...new Set(configs.filter((c) => c.validationAccuracy !== null).map((c) => groupOf(c.settings)))];
  const x = { field: 'value', type: 'ordinal', title: SETTING_TITLES[setting], sort: order, axis: { labelAngle: 0 } };
  const y = { field: 'accuracy', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE, scale: { zero: false } };
  const color =
    others.length === 0
      ? { value: '#1f77b4' }
      : {
          field: 'group',
          type: 'nominal',
          title: others.join(', '),
          sort: groups,
          scale: { scheme: colourScheme(groups.length) },
          // Below the plot: beside it, long group names would take the plot's width.
          legend: { orient: 'bottom', direction: 'vertical', columns: groups.length > 4 && Math.max(...groups.map((g) => g.length)) <= 40 ? 2 : 1 },
        };
  const multiSeed = configs.some((c) => (c.validationAccuracy?.n ?? 0) > 1);
  const unfinished = results.jobs.filter((job) => job.status === 'diverged' || job.status === 'failed').length;
  const notes = [multiSeed ? 'a point per seed; the line joins the means over seeds' : 'a point per job'];
  if (unfinished > 0) notes.push(`${unfinished} diverged or failed job${unfinished === 1 ? '' : 's'} not shown`);
  return {
    $schema: SCHEMA,
    title: {
      text: `Final validation accuracy by ${setting}`,
      subtitle: notes.join(' · '),
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: [
      { data: { values: means }, mark: { type: 'line' }, encoding: { x, y, color, detail: { field: 'group' } } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.75 },
        encoding: { x, y, color, tooltip: [{ field: 'seed' }, { field: 'accuracy', format: '.2f' }] },
      },
    ],
  } as FigureSpec;
}
