/**
 * The interactive charts of report.html, as Vega-Lite specs: learning curves (hover for values, click a
 * legend entry or a line to pick configurations, drag to zoom), a heatmap per crossed pair of settings
 * (validation or test accuracy by a toggle), and the final accuracy against each varying setting (log
 * axes for numeric settings that span two decades or more). Pure.
 */
import type { SettingName } from '../../sweep/schema.js';
import { configurationKey, settingValues, type Configuration } from '../aggregate.js';
import { CONFIG, EPOCH_TITLE, SCHEMA, SETTING_TITLES, VALIDATION_ACCURACY_TITLE } from '../figures/theme.js';
import { formatSettingValue } from '../format.js';
import { finalValidationAccuracy, jobOutcome } from '../outcome.js';
import { crossed } from '../pivot.js';
import type { SweepResults } from '../results.js';

export interface Chart {
  /** The element id it is drawn into, and its heading. */
  id: string;
  title: string;
  spec: object;
}

const WIDTH = 640;
const HEIGHT = 340;
const PAGE_CONFIG = { ...CONFIG, legend: { ...CONFIG.legend, labelLimit: 320 } };

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function curvesChart(configs: readonly Configuration[]): Chart | null {
  const drawn = configs.filter((c) => c.curve.some((p) => p.epoch > 0));
  if (drawn.length === 0) return null;
  const values = drawn.flatMap((c, rank) =>
    c.curve.map((p) => ({
      configuration: c.label,
      rank: rank + 1,
      epoch: p.epoch,
      accuracy: 100 * p.accuracy.mean,
      std: p.accuracy.std === null ? null : 100 * p.accuracy.std,
      n: p.accuracy.n,
    })),
  );
  const order = drawn.map((c) => c.label);
  const picked = { param: 'pick', empty: true };
  const x = { field: 'epoch', type: 'quantitative', title: EPOCH_TITLE, axis: { tickMinStep: 1, format: 'd' } };
  const y = { field: 'accuracy', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE, scale: { zero: false } };
  const color = {
    field: 'configuration',
    type: 'nominal',
    title: 'configuration (best first; click to pick, shift-click for more)',
    sort: order,
    scale: { scheme: drawn.length <= 10 ? 'tableau10' : 'tableau20' },
    legend: { orient: 'bottom', columns: drawn.length > 6 ? 2 : 1, symbolLimit: 0, labelLimit: 0 },
  };
  return {
    id: 'chart-curves',
    title: 'Learning curves',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      config: PAGE_CONFIG,
      title: {
        text: 'Validation accuracy per epoch, from epoch 0 (before training)',
        subtitle: 'mean over seeds · hover for values · drag to pan, wheel to zoom, double-click to reset',
      },
      data: { values },
      layer: [
        {
          params: [
            { name: 'pick', select: { type: 'point', fields: ['configuration'] }, bind: 'legend' },
            { name: 'zoom', select: 'interval', bind: 'scales' },
          ],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x,
            y,
            color,
            opacity: { condition: { ...picked, value: 1 }, value: 0.12 },
          },
        },
        {
          params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout' } }],
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x,
            y,
            color,
            opacity: { condition: { ...picked, value: 0.9 }, value: 0.08 },
            size: { condition: { param: 'hover', empty: false, value: 120 }, value: 30 },
            tooltip: [
              { field: 'configuration' },
              { field: 'rank', title: 'rank' },
              { field: 'epoch' },
              { field: 'accuracy', title: 'validation accuracy (%)', format: '.2f' },
              { field: 'std', title: 'std over seeds', format: '.2f' },
              { field: 'n', title: 'seeds' },
            ],
          },
        },
      ],
    },
  };
}

/** One heatmap per crossed pair: each cell the best configuration over the other settings, as the pivot tables. */
export function heatmapCharts(results: SweepResults, configs: readonly Configuration[]): Chart[] {
  const charts: Chart[] = [];
  const keys = results.varying;
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      if (crossed(results, keys[i], keys[j])) charts.push(heatmap(results, configs, keys[i], keys[j]));
    }
  }
  return charts;
}

function heatmap(results: SweepResults, configs: readonly Configuration[], rows: SettingName, columns: SettingName): Chart {
  const others = results.varying.filter((k) => k !== rows && k !== columns);
  const rowValues = settingValues(results.jobs, rows);
  const columnValues = settingValues(results.jobs, columns);
  const cells = rowValues.flatMap((r) =>
    columnValues.flatMap((c) => {
      const best = configs.find((conf) => conf.validationAccuracy !== null && sameValue(conf.settings[rows], r) && sameValue(conf.settings[columns], c));
      if (best === undefined) return [];
      return [
        {
          row: formatSettingValue(rows, r),
          column: formatSettingValue(columns, c),
          validation: 100 * best.validationAccuracy!.mean,
          test: best.testAccuracy === null ? null : 100 * best.testAccuracy.mean,
          n: best.validationAccuracy!.n,
          best_of: others.map((k) => `${k}=${formatSettingValue(k, best.settings[k])}`).join(' '),
        },
      ];
    }),
  );
  const value = { field: 'value', type: 'quantitative' };
  const shown = cells.map((cell) => cell.validation);
  const middle = shown.length === 0 ? 0 : (Math.min(...shown) + Math.max(...shown)) / 2;
  return {
    id: `chart-heatmap-${rows}-${columns}`,
    title: `${rows} × ${columns}`,
    spec: {
      $schema: SCHEMA,
      config: PAGE_CONFIG,
      title: {
        text: `Mean final accuracy (%): ${rows} × ${columns}`,
        subtitle: others.length === 0 ? 'mean over seeds' : `each cell: the best configuration over ${others.join(', ')}`,
      },
      params: [{ name: 'metric', value: 'validation', bind: { input: 'radio', options: ['validation', 'test'], name: 'accuracy: ' } }],
      data: { values: cells },
      transform: [{ calculate: "metric === 'test' ? datum.test : datum.validation", as: 'value' }],
      width: { step: 64 },
      height: { step: 36 },
      encoding: {
        x: { field: 'column', type: 'ordinal', title: SETTING_TITLES[columns], sort: columnValues.map((v) => formatSettingValue(columns, v)), axis: { labelAngle: 0 } },
        y: { field: 'row', type: 'ordinal', title: SETTING_TITLES[rows], sort: rowValues.map((v) => formatSettingValue(rows, v)) },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: { ...value, title: 'accuracy (%)', scale: { scheme: 'viridis' } },
            tooltip: [
              { field: 'row', title: rows },
              { field: 'column', title: columns },
              { field: 'validation', title: 'validation (%)', format: '.2f' },
              { field: 'test', title: 'test (%)', format: '.2f' },
              { field: 'n', title: 'seeds' },
              ...(others.length === 0 ? [] : [{ field: 'best_of', title: 'best of' }]),
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          // Dark text on viridis' light (high) end, white on its dark end.
          encoding: { text: { ...value, format: '.1f' }, color: { condition: { test: `datum.value > ${middle}`, value: 'black' }, value: 'white' } },
        },
      ],
    },
  };
}

/** Whether a numeric setting's values are better read on a log axis: all positive, spanning 100× or more. */
function logScale(values: readonly unknown[]): boolean {
  if (!values.every((v) => typeof v === 'number' && v > 0)) return false;
  const xs = values as number[];
  return Math.max(...xs) / Math.min(...xs) >= 100;
}

/** Final validation accuracy of every finished job against each varying setting. */
export function settingCharts(results: SweepResults): Chart[] {
  const finished = results.jobs.filter((job) => finalValidationAccuracy(job) !== null);
  if (finished.length === 0) return [];
  return results.varying.map((setting): Chart => {
    const values = settingValues(results.jobs, setting);
    // A numeric axis for a search's many values or a log-spaced grid; a few grid values read better as categories.
    const numeric = values.every((v) => typeof v === 'number') && (values.length > 6 || logScale(values));
    const points = finished.map((job) => ({
      value: numeric ? job.settings[setting] : formatSettingValue(setting, job.settings[setting]),
      accuracy: 100 * finalValidationAccuracy(job)!,
      test: jobOutcome(job).testAccuracy === null ? null : 100 * jobOutcome(job).testAccuracy!,
      job: job.id,
      seed: job.settings.seed,
      configuration: configurationKey(job.settings),
    }));
    const log = numeric && logScale(values);
    const x = numeric
      ? { field: 'value', type: 'quantitative', title: SETTING_TITLES[setting], scale: log ? { type: 'log' } : { zero: false } }
      : { field: 'value', type: 'ordinal', title: SETTING_TITLES[setting], sort: values.map((v) => formatSettingValue(setting, v)), axis: { labelAngle: 0 } };
    return {
      id: `chart-setting-${setting}`,
      title: `Final accuracy against ${setting}`,
      spec: {
        $schema: SCHEMA,
        width: 420,
        height: 260,
        config: PAGE_CONFIG,
        title: { text: `Final validation accuracy against ${setting}`, subtitle: `a point per finished job${log ? ' · log axis' : ''}` },
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.7, size: 50 },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE, scale: { zero: false } },
          tooltip: [
            { field: 'job' },
            { field: 'seed' },
            { field: 'value', title: setting },
            { field: 'accuracy', title: 'validation (%)', format: '.2f' },
            { field: 'test', title: 'test (%)', format: '.2f' },
          ],
        },
      },
    };
  });
}
