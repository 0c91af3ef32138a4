/**
 * What every report figure shares: size, fonts, white background, colours, and how settings are named on
 * axes. Sizes are set so that labels fit even with the approximate text widths Vega uses in Node.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SettingName } from '../../sweep/schema.js';

export type FigureSpec = TopLevelSpec;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const WIDTH = 520;
export const HEIGHT = 320;

export const CONFIG = {
  background: 'white',
  padding: 12,
  font: 'DejaVu Sans, Verdana, Arial, sans-serif',
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 12 },
  axis: { titleFontSize: 13, labelFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
  legend: { titleFontSize: 12, labelFontSize: 12, labelLimit: 0, titleLimit: 0, symbolStrokeWidth: 2.5 },
  line: { strokeWidth: 2 },
  point: { size: 36, filled: true },
} as const;

/** Tableau's 10 colours, or its 20 when there are more series (beyond 20, colours repeat). */
export function colourScheme(series: number): string {
  return series <= 10 ? 'tableau10' : 'tableau20';
}

/** Axis titles for settings, with units where there are any. */
export const SETTING_TITLES: Record<SettingName, string> = {
  dataset: 'dataset',
  hidden_sizes: 'hidden layer sizes (units per layer)',
  activation: 'activation',
  init: 'weight initialisation',
  learning_rate: 'learning rate',
  batch_size: 'batch size (examples)',
  epochs: 'epochs',
  precision: 'precision',
  kernels: 'kernel set',
  seed: 'seed',
  train_limit: 'training examples',
};

export const VALIDATION_ACCURACY_TITLE = 'validation accuracy (%)';
export const LOSS_TITLE = 'loss (mean cross-entropy)';
export const EPOCH_TITLE = 'epoch';
