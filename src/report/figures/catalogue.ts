/**
 * Which figures a sweep's report has, where each goes, and its spec: the one list that both the markdown
 * (which embeds them) and the writer (which renders them) follow. Pure.
 */
import type { Configuration } from '../aggregate.js';
import { configurationLabel } from '../aggregate.js';
import type { SweepResults } from '../results.js';
import { accuracyBySettingFigure } from './accuracy-by-setting.js';
import { gradcheckFigure } from './gradcheck.js';
import { hasLossCurve, jobLossFigure } from './job-loss.js';
import type { FigureSpec } from './theme.js';
import { validationCurvesFigure } from './validation-curves.js';
import { searchBudgetFigure, searchCurvesFigure, searchParameterFigure } from './search.js';

export const FIGURES_DIR = 'figures';

export interface Figure {
  /** Relative to the sweep's results folder, with `/` separators (it is also the markdown link). */
  path: string;
  title: string;
  /** A sweep figure, or one of a job's (then `jobId` names it). */
  jobId: string | null;
  spec: FigureSpec;
}

export interface FigureOptions {
  /** Draw each job's loss curve (one SVG per job); gradient-check figures are always drawn. */
  jobFigures: boolean;
}

export function reportFigures(results: SweepResults, configs: readonly Configuration[], options: FigureOptions): Figure[] {
  const figures: Figure[] = [];
  const finished = configs.filter((c) => c.validationAccuracy !== null);
  if (finished.some((c) => c.curve.some((p) => p.epoch > 0))) {
    figures.push({
      path: `${FIGURES_DIR}/validation-accuracy.svg`,
      title: 'Validation accuracy per epoch, every configuration',
      jobId: null,
      spec: validationCurvesFigure(configs),
    });
  }
  figures.push(...searchFigures(results));
  // a searched setting's values are a scatter of its own (above), not one category per sampled value
  const searched = new Set((results.searched ?? []).map((p) => p.key));
  if (finished.length > 0) {
    for (const setting of results.varying.filter((key) => !searched.has(key))) {
      figures.push({
        path: `${FIGURES_DIR}/validation-accuracy-by-${setting}.svg`,
        title: `Final validation accuracy by ${setting}`,
        jobId: null,
        spec: accuracyBySettingFigure(results, configs, setting),
      });
    }
  }
  for (const job of results.jobs) {
    if (options.jobFigures && hasLossCurve(job)) {
      figures.push({
        path: `${FIGURES_DIR}/jobs/${job.id}-loss.svg`,
        title: `Loss per epoch, job ${job.id}`,
        jobId: job.id,
        // With nothing varying, the configuration is the sweep itself.
        spec: jobLossFigure(job, results.varying.length === 0 && job.name === null ? results.sweep : configurationLabel(job, results.varying)),
      });
    }
    if (job.record?.gradcheck) {
      figures.push({
        path: `${FIGURES_DIR}/jobs/${job.id}-gradcheck.svg`,
        title: `Gradient check, job ${job.id}`,
        jobId: job.id,
        spec: gradcheckFigure(job.record.gradcheck),
      });
    }
  }
  return figures;
}

/** A search's figures (random search, early stopping): none for a plain grid. */
function searchFigures(results: SweepResults): Figure[] {
  const stopping = results.earlyStopping;
  const searched = results.searched ?? [];
  if (!stopping && searched.length === 0) return [];
  if (!results.jobs.some((job) => (job.record?.epochs.length ?? 0) > 1)) return [];
  const figure = (name: string, title: string, spec: FigureSpec): Figure => ({ path: `${FIGURES_DIR}/${name}.svg`, title, jobId: null, spec });
  return [
    ...(stopping ? [figure('search-curves', 'Every trial per epoch, coloured by the rung it reached', searchCurvesFigure(results))] : []),
    ...searched.map(({ key, log }) => figure(`search-${key}`, `The metric by sampled ${key}`, searchParameterFigure(results, key, log))),
    ...(stopping ? [figure('search-epochs', 'Epochs trained against the full budget', searchBudgetFigure(results, stopping))] : []),
  ];
}
