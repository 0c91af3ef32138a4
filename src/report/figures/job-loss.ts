/** Per job: train and validation loss per epoch, the study's figure. A pure function of the job. */
import type { ReportJob } from '../results.js';
import { CONFIG, EPOCH_TITLE, HEIGHT, LOSS_TITLE, SCHEMA, WIDTH, type FigureSpec } from './theme.js';

export const SPLIT_COLOURS = { train: '#1f77b4', validation: '#e8590c' } as const;

/** Whether the job has a curve to draw: a loss after at least one epoch of training. */
export function hasLossCurve(job: ReportJob): boolean {
  return (job.record?.epochs ?? []).some((e) => e.epoch > 0 && (e.train_loss !== null || e.validation_loss !== null));
}

/** `label` names the job's configuration (as the tables do); the seed and id are added. */
export function jobLossFigure(job: ReportJob, label: string): FigureSpec {
  const epochs = job.record?.epochs ?? [];
  const values = epochs.flatMap((e) => [
    ...(e.train_loss === null ? [] : [{ epoch: e.epoch, split: 'train', loss: e.train_loss }]),
    ...(e.validation_loss === null ? [] : [{ epoch: e.epoch, split: 'validation', loss: e.validation_loss }]),
  ]);
  const lastEpoch = Math.max(1, ...epochs.map((e) => e.epoch));
  const divergence = job.record?.divergence;
  const notes = [`job ${job.id}`, `seed ${job.settings.seed ?? '?'}`];
  if (job.status === 'diverged') notes.push(`diverged in epoch ${divergence?.epoch ?? '?'}: the curve stops before it`);
  return {
    $schema: SCHEMA,
    title: { text: `Loss per epoch: ${label}`, subtitle: notes.join(' · ') },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: EPOCH_TITLE,
        scale: { domain: [0, lastEpoch], nice: false },
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'loss', type: 'quantitative', title: LOSS_TITLE, scale: { zero: true } },
      color: {
        field: 'split',
        type: 'nominal',
        title: null,
        scale: { domain: ['train', 'validation'], range: [SPLIT_COLOURS.train, SPLIT_COLOURS.validation] },
        // Above the plot, not inside it: a diverging or overfitting run's curve climbs into any corner.
        legend: { orient: 'top', direction: 'horizontal' },
      },
    },
  } as FigureSpec;
}
