/**
 * Per sweep: validation accuracy per epoch for every configuration on one chart, the mean over its seeds
 * with a band of ± one standard deviation. Epoch 0 (before training, about 10%) is left out: it would
 * stretch the axis and flatten the differences between configurations; epochs.csv has it.
 */
import type { Configuration } from '../aggregate.js';
import { CONFIG, EPOCH_TITLE, HEIGHT, SCHEMA, VALIDATION_ACCURACY_TITLE, WIDTH, colourScheme, type FigureSpec } from './theme.js';

/** `configs` in the order the legend lists them (best first, as the tables); those without a curve are skipped. */
export function validationCurvesFigure(configs: readonly Configuration[]): FigureSpec {
  const drawn = configs.filter((c) => c.curve.some((p) => p.epoch > 0));
  const values = drawn.flatMap((c) =>
    c.curve
      .filter((p) => p.epoch > 0)
      .map((p) => ({
        configuration: c.label,
        epoch: p.epoch,
        accuracy: 100 * p.accuracy.mean,
        low: 100 * (p.accuracy.mean - (p.accuracy.std ?? 0)),
        high: 100 * (p.accuracy.mean + (p.accuracy.std ?? 0)),
        n: p.accuracy.n,
      })),
  );
  const seeds = drawn.some((c) => c.curve.some((p) => p.accuracy.n > 1));
  const lastEpoch = Math.max(1, ...values.map((v) => v.epoch));
  const color = {
    field: 'configuration',
    type: 'nominal',
    title: 'configuration (best first)',
    sort: drawn.map((c) => c.label),
    scale: { scheme: colourScheme(drawn.length) },
    // One configuration needs no legend.
    ...(drawn.length === 1 ? { legend: null } : {}),
  };
  const x = {
    field: 'epoch',
    type: 'quantitative',
    title: EPOCH_TITLE,
    scale: { domain: [1, lastEpoch], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Validation accuracy per epoch',
      subtitle: [drawn.length > 1 ? 'one line per configuration' : '', seeds ? 'mean over seeds; band: ± one standard deviation' : '']
        .filter((s) => s !== '')
        .join(' · '),
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    // Independent legends, so that the band's (switched off) does not switch off the lines'.
    resolve: { legend: { color: 'independent' } },
    layer: [
      ...(seeds
        ? [
            {
              mark: { type: 'errorband', opacity: 0.18 },
              // The band's own legend (pale swatches) and axis title would merge with the lines'.
              encoding: {
                x,
                y: { field: 'low', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE },
                y2: { field: 'high' },
                color: { ...color, legend: null },
              },
            },
          ]
        : []),
      {
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: VALIDATION_ACCURACY_TITLE, scale: { zero: false } },
          color,
        },
      },
    ],
  } as FigureSpec;
}
