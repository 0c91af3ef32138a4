/**
 * The figures of a search (random search, early stopping or both): every trial's learning curve coloured
 * by the rung it reached, the sampled values of each searched setting against the metric (a log axis where
 * the setting was sampled log-uniformly), and the epochs the search trained against the full budget.
 * Pure: results in, Vega-Lite specs out.
 */
import type { SettingName } from '../../sweep/schema.js';
import { rungEpochs } from '../../sweep/search/rungs.js';
import type { EarlyStopping } from '../../sweep/search/search.js';
import { formatSettingValue } from '../format.js';
import type { ReportJob, SweepResults } from '../results.js';
import { trialBudgets } from '../search-budget.js';
import { CONFIG, EPOCH_TITLE, HEIGHT, SCHEMA, SETTING_TITLES, VALIDATION_ACCURACY_TITLE, WIDTH, type FigureSpec } from './theme.js';

const LOSS_AXIS = 'validation loss (mean cross-entropy)';

type Metric = 'validation_accuracy' | 'validation_loss';

const metricOf = (results: SweepResults): Metric => results.earlyStopping?.metric ?? 'validation_accuracy';
const shown = (metric: Metric, value: number | null): number | null => (value === null ? null : metric === 'validation_accuracy' ? 100 * value : value);
const axisTitle = (metric: Metric): string => (metric === 'validation_accuracy' ? VALIDATION_ACCURACY_TITLE : LOSS_AXIS);

/** Each job's rung reached, as a legend label (`rung 2: 9 epochs`), or 'no early stopping'. */
function rungLabels(results: SweepResults): { of: (job: ReportJob) => string; domain: string[] } {
  const stopping = results.earlyStopping;
  if (!stopping) return { of: () => 'every trial to its epochs', domain: ['every trial to its epochs'] };
  const rungs = rungEpochs(stopping);
  const labels = rungs.map((epochs, k) => `rung ${k}: ${epochs} epoch${epochs === 1 ? '' : 's'}${k === rungs.length - 1 ? ' (max)' : ''}`);
  const reached = new Map(trialBudgets(results, stopping).map((t) => [t.trial, t.rung]));
  return { of: (job) => labels[Math.max(0, reached.get(job.index) ?? 0)], domain: labels };
}

function rungColour(domain: string[]) {
  return { field: 'rung', type: 'ordinal', title: 'rung reached', sort: domain, scale: { domain, range: rungSteps(domain.length) }, legend: { orient: 'bottom', direction: 'horizontal' } };
}

/** Every trial's metric per epoch, one line each, coloured by the rung it reached. */
export function searchCurvesFigure(results: SweepResults): FigureSpec {
  const metric = metricOf(results);
  const rung = rungLabels(results);
  const values = results.jobs.flatMap((job) =>
    (job.record?.epochs ?? []).flatMap((e) => {
      const value = shown(metric, e[metric]);
      return value === null ? [] : [{ trial: job.index, rung: rung.of(job), epoch: e.epoch, value }];
    }),
  );
  // the furthest trials last, so that they are drawn over the rest
  values.sort((a, b) => rung.domain.indexOf(a.rung) - rung.domain.indexOf(b.rung) || a.trial - b.trial || a.epoch - b.epoch);
  return {
    $schema: SCHEMA,
    title: { text: `${metric.replace('_', ' ')} per epoch, every trial`, subtitle: 'one line per trial, coloured by the rung it reached' },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: EPOCH_TITLE, axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: axisTitle(metric), scale: { zero: false } },
      color: rungColour(rung.domain),
      detail: { field: 'trial' },
      tooltip: [{ field: 'trial' }, { field: 'epoch' }, { field: 'value', format: '.4f' }],
    },
  } as FigureSpec;
}

/**
 * One searched setting's sampled values against each trial's metric at its last epoch, coloured by the rung
 * reached: numbers on a quantitative axis (logarithmic when sampled log-uniformly), anything else by value.
 */
export function searchParameterFigure(results: SweepResults, setting: SettingName, log: boolean): FigureSpec {
  const metric = metricOf(results);
  const rung = rungLabels(results);
  const numeric = results.jobs.every((job) => typeof job.settings[setting] === 'number');
  const values = results.jobs.flatMap((job) => {
    const value = shown(metric, job.record?.epochs.at(-1)?.[metric] ?? null);
    const sampled = job.settings[setting];
    if (value === null || sampled === null) return [];
    return [{ trial: job.index, rung: rung.of(job), sampled: numeric ? sampled : formatSettingValue(setting, sampled), value }];
  });
  const order = [...new Set(results.jobs.map((job) => formatSettingValue(setting, job.settings[setting])))].sort();
  const x = numeric
    ? { field: 'sampled', type: 'quantitative', title: SETTING_TITLES[setting] + (log ? ' (log scale)' : ''), scale: log ? { type: 'log' } : { zero: false } }
    : { field: 'sampled', type: 'ordinal', title: SETTING_TITLES[setting], sort: order, axis: { labelAngle: 0 } };
  return {
    $schema: SCHEMA,
    title: { text: `${metric.replace('_', ' ')} by sampled ${setting}`, subtitle: 'a point per trial, at its last epoch; colour: the rung it reached' },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'point', filled: true, opacity: 0.85, size: 60 },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', title: axisTitle(metric), scale: { zero: false } },
      color: rungColour(rung.domain),
      tooltip: [{ field: 'trial' }, { field: 'sampled' }, { field: 'value', format: '.4f' }],
    },
  } as FigureSpec;
}

/** The epochs the search trained, by rung, beside the full budget (every trial to max_epochs). */
export function searchBudgetFigure(results: SweepResults, stopping: EarlyStopping): FigureSpec {
  const rungs = rungEpochs(stopping);
  const trials = trialBudgets(results, stopping);
  const search = 'this search';
  const full = `every trial to ${stopping.maxEpochs} epochs`;
  const values = [
    ...rungs.map((epochs, k) => ({ bar: search, part: `rung ${k} (to ${epochs} epoch${epochs === 1 ? '' : 's'})`, order: k, epochs: trials.reduce((n, t) => n + t.byRung[k], 0) })),
    { bar: full, part: 'full budget', order: rungs.length, epochs: results.jobs.length * stopping.maxEpochs },
  ];
  const spent = values.slice(0, -1).reduce((n, v) => n + v.epochs, 0);
  const budget = values.at(-1)!.epochs;
  const domain = values.map((v) => v.part);
  return {
    $schema: SCHEMA,
    title: { text: 'Epochs trained against the full budget', subtitle: `${spent} of ${budget} epochs (${budget > 0 ? ((100 * spent) / budget).toFixed(0) : 0} %): what the runs trained, each rung from where the last one stopped` },
    width: WIDTH,
    height: 120,
    config: CONFIG,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'bar', type: 'nominal', title: null, sort: [search, full], axis: { labelLimit: 0 } },
      x: { field: 'epochs', type: 'quantitative', title: 'epochs trained', stack: 'zero' },
      color: { field: 'part', type: 'nominal', title: null, sort: domain, scale: { domain, range: [...rungSteps(rungs.length), '#c4c4c4'] }, legend: { orient: 'bottom', direction: 'horizontal' } },
      order: { field: 'order' },
      tooltip: [{ field: 'part' }, { field: 'epochs' }],
    },
  } as FigureSpec;
}

/** `n` colours along viridis, light to dark as trials go further: the ones trained longest stand out (its palest yellow left out, unreadable on white). */
function rungSteps(n: number): string[] {
  const stops = ['#b5de2b', '#6ece58', '#35b779', '#1f9e89', '#26828e', '#31688e', '#3e4989', '#482878'];
  if (n === 1) return [stops[stops.length - 1]];
  return Array.from({ length: n }, (_, i) => stops[Math.round((i * (stops.length - 1)) / (n - 1))]);
}
