/**
 * Parallel coordinates: one vertical axis per varying setting, then the final validation and test
 * accuracy; one line per finished job, coloured by its validation accuracy. Drag along any axis to brush
 * a range (click the axis to clear it): only the jobs inside every brush keep their colour, and the count
 * above says how many. A Vega spec, not Vega-Lite, which has no per-axis brush. Positions on each axis are
 * computed here (0 = bottom, 1 = top), so the spec only draws and filters. Pure.
 */
import { settingValues } from '../aggregate.js';
import { CONFIG } from '../figures/theme.js';
import { formatSettingValue } from '../format.js';
import { finalValidationAccuracy, jobOutcome } from '../outcome.js';
import type { ReportJob, SweepResults } from '../results.js';
import type { Chart } from './charts.js';

const STEP = 150;
const HEIGHT = 300;
/** How close (px) to an axis a drag must start to brush it. */
const GRAB = 16;

interface Axis {
  title: string;
  position: (job: ReportJob) => number | null;
  ticks: { p: number; label: string }[];
}

function settingAxis(results: SweepResults, key: SweepResults['varying'][number]): Axis {
  const values = settingValues(results.jobs, key);
  const index = new Map(values.map((v, i) => [JSON.stringify(v), i]));
  const at = (i: number) => (values.length === 1 ? 0.5 : i / (values.length - 1));
  return {
    title: key,
    position: (job) => {
      const i = index.get(JSON.stringify(job.settings[key]));
      return i === undefined ? null : at(i);
    },
    ticks: values.map((v, i) => ({ p: at(i), label: formatSettingValue(key, v) })),
  };
}

function metricAxis(title: string, metric: (job: ReportJob) => number | null, jobs: readonly ReportJob[]): Axis {
  const xs = jobs.map(metric).filter((x): x is number => x !== null);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const span = hi - lo || 1;
  const at = (x: number) => (hi === lo ? 0.5 : (x - lo) / span);
  const ticks = Array.from({ length: hi === lo ? 1 : 5 }, (_, i) => lo + (i * span) / 4).map((x) => ({ p: at(x), label: x.toFixed(2) }));
  return { title, position: (job) => (metric(job) === null ? null : at(metric(job)!)), ticks };
}

export function parallelChart(results: SweepResults): Chart | null {
  const jobs = results.jobs.filter((job) => finalValidationAccuracy(job) !== null);
  if (jobs.length === 0 || results.varying.length === 0) return null;
  const validation = (job: ReportJob) => 100 * finalValidationAccuracy(job)!;
  const test = (job: ReportJob) => (jobOutcome(job).testAccuracy === null ? null : 100 * jobOutcome(job).testAccuracy!);
  const axes = [
    ...results.varying.map((key) => settingAxis(results, key)),
    metricAxis('validation accuracy (%)', validation, jobs),
    ...(jobs.some((job) => test(job) !== null) ? [metricAxis('test accuracy (%)', test, jobs)] : []),
  ];
  const n = axes.length;
  const rows = jobs.map((job) => ({
    job: job.id,
    accuracy: validation(job),
    ...Object.fromEntries(axes.map((axis, i) => [`p${i}`, axis.position(job)])),
  }));
  const points = rows.flatMap((row) => axes.map((_, i) => ({ job: row.job, accuracy: row.accuracy, i, p: (row as Record<string, unknown>)[`p${i}`] })).filter((pt) => pt.p !== null));
  const brush = (i: number) => `b${i}`;
  const inBrush = (i: number) =>
    `(!${brush(i)} || (datum.p${i} !== null && (1 - datum.p${i}) * height >= min(${brush(i)}[0], ${brush(i)}[1]) && (1 - datum.p${i}) * height <= max(${brush(i)}[0], ${brush(i)}[1])))`;
  const near = (i: number) => `abs(x() - ${i * STEP}) < ${GRAB}`;
  const grabbed = axes.reduceRight((rest, _, i) => `${near(i)} ? ${i} : ${rest}`, '-1');
  const selected = "indata('selected', 'job', datum.job)";
  const anyBrush = axes.map((_, i) => brush(i)).join(' || ');

  return {
    id: 'chart-parallel',
    title: 'Parallel coordinates',
    spec: {
      $schema: 'https://vega.github.io/schema/vega/v6.json',
      width: (n - 1) * STEP,
      height: HEIGHT,
      padding: { top: 56, left: 70, right: 90, bottom: 16 },
      config: { background: CONFIG.background, text: { font: CONFIG.font } },
      signals: [
        { name: 'grab', value: -1, on: [{ events: 'mousedown', update: grabbed }] },
        { name: 'start', value: 0, on: [{ events: 'mousedown', update: 'clamp(y(), 0, height)' }] },
        ...axes.map((_, i) => ({
          name: brush(i),
          value: null,
          on: [
            { events: 'mousedown', update: `${near(i)} ? null : ${brush(i)}` },
            { events: '[mousedown, window:mouseup] > window:mousemove', update: `grab === ${i} ? [start, clamp(y(), 0, height)] : ${brush(i)}` },
          ],
        })),
      ],
      data: [
        { name: 'jobs', values: rows },
        { name: 'points', values: points },
        { name: 'selected', source: 'jobs', transform: [{ type: 'filter', expr: axes.map((_, i) => inBrush(i)).join(' && ') }] },
        { name: 'ticks', values: axes.flatMap((axis, i) => axis.ticks.map((t) => ({ i, ...t }))) },
        { name: 'axes', values: axes.map((axis, i) => ({ i, title: axis.title })) },
      ],
      scales: [
        { name: 'x', type: 'linear', domain: [0, n - 1], range: 'width' },
        { name: 'y', type: 'linear', domain: [0, 1], range: 'height' },
        { name: 'color', type: 'linear', domain: { data: 'jobs', field: 'accuracy' }, range: { scheme: 'viridis' }, zero: false },
      ],
      legends: [{ fill: 'color', title: 'validation accuracy (%)', orient: 'right', gradientLength: 200 }],
      marks: [
        {
          type: 'group',
          from: { facet: { name: 'line', data: 'points', groupby: 'job' } },
          encode: { update: { zindex: { signal: `(${anyBrush}) && indata('selected', 'job', datum.job) ? 1 : 0` } } },
          marks: [
            {
              type: 'line',
              from: { data: 'line' },
              encode: {
                enter: { x: { scale: 'x', field: 'i' }, y: { scale: 'y', field: 'p' }, strokeWidth: { value: 1.6 } },
                update: {
                  // Naming the brush signals makes Vega re-run this encoding when a brush moves.
                  stroke: [{ test: `(${anyBrush} || true) && ${selected}`, scale: 'color', field: 'accuracy' }, { value: '#d0d0d0' }],
                  strokeOpacity: [{ test: selected, value: 0.85 }, { value: 0.35 }],
                },
              },
            },
          ],
        },
        { type: 'rule', from: { data: 'axes' }, encode: { enter: { x: { scale: 'x', field: 'i' }, y: { value: 0 }, y2: { signal: 'height' }, stroke: { value: '#555' } } } },
        {
          type: 'text',
          from: { data: 'ticks' },
          encode: {
            enter: {
              x: { scale: 'x', field: 'i', offset: -6 },
              y: { scale: 'y', field: 'p' },
              text: { field: 'label' },
              align: { value: 'right' },
              baseline: { value: 'middle' },
              fontSize: { value: 11 },
              fill: { value: '#333' },
            },
          },
        },
        {
          type: 'text',
          from: { data: 'axes' },
          encode: { enter: { x: { scale: 'x', field: 'i' }, y: { value: -12 }, text: { field: 'title' }, align: { value: 'center' }, fontSize: { value: 12 }, fontWeight: { value: 'bold' } } },
        },
        ...axes.map((_, i) => ({
          type: 'rect',
          name: `brush${i}`,
          encode: {
            update: {
              x: { value: i * STEP - 9 },
              width: { value: 18 },
              y: { signal: `${brush(i)} ? min(${brush(i)}[0], ${brush(i)}[1]) : 0` },
              y2: { signal: `${brush(i)} ? max(${brush(i)}[0], ${brush(i)}[1]) : 0` },
              fill: { value: '#1f77b4' },
              fillOpacity: { signal: `${brush(i)} ? 0.25 : 0` },
              stroke: { value: '#1f77b4' },
              strokeOpacity: { signal: `${brush(i)} ? 0.9 : 0` },
            },
          },
        })),
        {
          type: 'text',
          name: 'count',
          encode: {
            update: {
              x: { value: 0 },
              y: { value: -40 },
              fontSize: { value: 12 },
              fill: { value: '#333' },
              text: { signal: `length(data('selected')) + ' of ${rows.length} jobs inside every brush · drag along an axis to brush, click it to clear'` },
            },
          },
        },
      ],
    },
  };
}
