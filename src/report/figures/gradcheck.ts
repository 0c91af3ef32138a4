/**
 * For a gradient check: the max absolute difference between backprop and central differences against ε,
 * both axes logarithmic, one line per tensor. The V shape is the point: truncation error falls with ε
 * until round-off takes over. Exact zeros cannot sit on a log axis, so they are left out (and said so).
 */
import type { GradcheckReport } from '../../core/gradcheck.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, colourScheme, type FigureSpec } from './theme.js';

export function gradcheckFigure(report: GradcheckReport): FigureSpec {
  const values = report.rows
    .filter((row) => row.max_abs_diff > 0)
    .map((row) => ({ tensor: row.tensor, epsilon: row.epsilon, max_abs_diff: row.max_abs_diff }));
  const zeros = report.rows.length - values.length;
  const tensors = [...new Set(report.rows.map((row) => row.tensor))];
  const notes = [`max over the sampled entries of each tensor; ${report.batch_rows} examples, mean loss ${report.loss.toFixed(4)}`];
  if (zeros > 0) notes.push(`${zeros} exact zero${zeros === 1 ? '' : 's'} not drawn`);
  return {
    $schema: SCHEMA,
    title: { text: 'Gradient check: backprop against central differences', subtitle: notes.join(' · ') },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epsilon', type: 'quantitative', title: 'ε (finite-difference step)', scale: { type: 'log' }, axis: { format: '.0e' } },
      y: {
        field: 'max_abs_diff',
        type: 'quantitative',
        // Short: Vega estimates text widths in Node, and a rotated title estimated taller than the plot pushes it down.
        title: 'max |numeric − backprop|',
        scale: { type: 'log' },
        axis: { format: '.0e' },
      },
      color: { field: 'tensor', type: 'nominal', title: 'tensor', sort: tensors, scale: { scheme: colourScheme(tensors.length) } },
    },
  } as FigureSpec;
}
