/**
 * Per sweep: validation accuracy per epoch for every configuration on one chart, the mean over its seeds
 * with a band of ± one standard deviation, from epoch 0 (before training, about 10%), as the per-job plots.
 *
 * Readable past a handful of lines: up to HIGHLIGHTED configurations get a colour each; beyond that the
 * best HIGHLIGHTED − 1 keep theirs and the rest are drawn thin and grey under one legend entry (report.html
 * has every one, selectable). The legend goes below the plot, so it never takes its width. Configurations
 * trained for different numbers of epochs get a panel per length, each with its own epoch axis, so that a
 * 50-epoch run does not squash the 10-epoch ones.
 */
import type { Configuration } from '../aggregate.js';
import { CONFIG, EPOCH_TITLE, HEIGHT, SCHEMA, VALIDATION_ACCURACY_TITLE, WIDTH, type FigureSpec } from './theme.js';

/** How many lines get a colour of their own (Tableau's 10 colours stay distinct up to about 8). */
export const HIGHLIGHTED = 8;
const OTHERS_COLOUR = '#c4c4c4';
const TABLEAU10 = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** `configs` in the order the legend lists them (best first, as the tables); those without a curve are skipped. */
export function validationCurvesFigure(configs: readonly Configuration[]): FigureSpec {
  const drawn = configs.filter((c) => c.curve.some((p) => p.epoch > 0));
  const coloured = drawn.length <= HIGHLIGHTED ? drawn : drawn.slice(0, HIGHLIGHTED - 1);
  const others = drawn.length - coloured.length;
  const othersLabel = `${others} other configurations (grey)`;
  const lengthOf = (c: Configuration) => Math.max(...c.curve.map((p) => p.epoch));
  const lengths = [...new Set(drawn.map(lengthOf))].sort((a, b) => a - b);
  const panels = lengths.length > 1;
  const values = drawn.flatMap((c, rank) =>
    c.curve.map((p) => ({
      configuration: c.label,
      series: rank < coloured.length ? c.label : othersLabel,
      highlighted: rank < coloured.length,
      length: `trained for ${lengthOf(c)} epochs`,
      epoch: p.epoch,
      accuracy: 100 * p.accuracy.mean,
      low: 100 * (p.accuracy.mean - (p.accuracy.std ?? 0)),
      high: 100 * (p.accuracy.mean + (p.accuracy.std ?? 0)),
      n: p.accuracy.n,
    })),
  );
  // Grey lines first, so that the coloured ones are drawn over them.
  values.sort((a, b) => Number(a.highlighted) - Number(b.highlighted));
  const seeds = coloured.some((c) => c.curve.some((p) => p.accuracy.n > 1));
  const domain = [...coloured.map((c) => c.label), ...(others > 0 ? [othersLabel] : [])];
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'configuration (best first)',
    sort: domain,
    scale: { domain, range: [...TABLEAU10.slice(0, coloured.length), ...(others > 0 ? [OTHERS_COLOUR] : [])] },
    // One configuration needs no legend; below the plot, in columns, the legend takes no width from it.
    // Two columns only for short labels: long ones side by side would make the figure wider than the plot.
    ...(drawn.length === 1
      ? { legend: null }
      : {
          legend: {
            orient: 'bottom',
            direction: 'vertical',
            columns: domain.length > 4 && Math.max(...domain.map((d) => d.length)) <= 40 ? 2 : 1,
            // Full-colour line swatches, even where the band's legend is merged in (panels).
            symbolType: 'stroke',
            symbolOpacity: 1,
          },
        }),
  };
  const lastEpoch = Math.max(1, ...lengths);
  const x = {
    field: 'epoch',
    type: 'quantitative',
    title: EPOCH_TITLE,
    // One panel: the axis from 0 to the last epoch. Several: each panel's own (resolved independent below).
    scale: panels ? { nice: false } : { domain: [0, lastEpoch], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const layers = [
    ...(seeds
      ? [
          {
            transform: [{ filter: 'datum.highlighted' }],
            mark: { type: 'errorband', opacity: 0.18 },
            // The band's own legend (pale swatches) and axis title would merge with the lines'.
            // In panels, one legend must serve them all, so the band shares the lines' (a switched-off one would switch it off).
            encoding: { x, y: { field: 'low', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE }, y2: { field: 'high' }, color: panels ? color : { ...color, legend: null } },
          },
        ]
      : []),
    {
      mark: { type: 'line', point: coloured.length === drawn.length },
      encoding: {
        x,
        y: { field: 'accuracy', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE, scale: { zero: false } },
        color,
        detail: { field: 'configuration' },
        strokeWidth: { condition: { test: 'datum.highlighted', value: 2 }, value: 1 },
      },
    },
  ];
  const subtitle = [
    drawn.length > 1 ? 'one line per configuration' : '',
    seeds ? 'mean over seeds; band: ± one standard deviation' : '',
    panels ? 'a panel per training length' : '',
  ]
    .filter((s) => s !== '')
    .join(' · ');
  const common = { $schema: SCHEMA, title: { text: 'Validation accuracy per epoch', subtitle }, config: CONFIG, data: { values } };
  if (!panels) {
    // Independent legends, so that the band's (switched off) does not switch off the lines'.
    return { ...common, width: WIDTH, height: HEIGHT, resolve: { legend: { color: 'independent' } }, layer: layers } as FigureSpec;
  }
  return {
    ...common,
    facet: { column: { field: 'length', type: 'ordinal', title: null, sort: lengths.map((n) => `trained for ${n} epochs`) } },
    spec: { width: Math.max(240, Math.round(WIDTH / lengths.length)), height: HEIGHT, layer: layers },
    resolve: { scale: { x: 'independent' } },
  } as FigureSpec;
}
