/**
 * The markdown tables of summary.md: configurations (seeds folded), jobs (one row per seed), the jobs that
 * failed or diverged with their message, the pending ones, and a gradient check's best ε per tensor.
 * Only the settings that vary are columns. Pure.
 */
import type { GradcheckReport } from '../core/gradcheck.js';
import type { Configuration } from './aggregate.js';
import type { Figure } from './figures/catalogue.js';
import { formatLoss, formatPercent, formatSeconds, formatSettingValue, formatStat, loss4, markdownTable, percent } from './format.js';
import { byValidationAccuracy, jobOutcome } from './outcome.js';
import { REPORT_STATUSES, type ReportJob, type SweepResults } from './results.js';

/** The columns that tell configurations apart: the run name if any, then the varying settings (maybe none). */
function identityColumns(results: SweepResults): { header: string[]; values: (job: Pick<ReportJob, 'name' | 'settings'>) => string[] } {
  const named = results.jobs.some((job) => job.name !== null);
  return {
    header: [...(named ? ['name'] : []), ...results.varying],
    values: (job) => [...(named ? [job.name ?? ''] : []), ...results.varying.map((key) => formatSettingValue(key, job.settings[key]))],
  };
}

/** `3 ok`, `2 ok, 1 diverged`. */
export function statusCounts(counts: Configuration['counts']): string {
  return REPORT_STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

export function configurationTable(results: SweepResults, configs: readonly Configuration[]): string {
  const identity = identityColumns(results);
  const header = [
    '#',
    ...identity.header,
    'validation accuracy (%)',
    'test accuracy (%)',
    'train accuracy (%)',
    'validation loss',
    'wall time (mean)',
    'jobs',
  ];
  const rows = configs.map((c, i) => [
    c.validationAccuracy === null ? '' : String(i + 1),
    ...identity.values({ name: c.name, settings: c.settings }),
    formatStat(c.validationAccuracy, percent),
    formatStat(c.testAccuracy, percent),
    formatStat(c.trainAccuracy, percent),
    formatStat(c.validationLoss, loss4),
    formatSeconds(c.wallSeconds?.mean),
    statusCounts(c.counts),
  ]);
  return markdownTable(header, rows, 'r' + 'l'.repeat(identity.header.length) + 'rrrrrl');
}

/** The finished jobs, one row per seed, best final validation accuracy first; ids link to their loss curve. */
export function jobTable(results: SweepResults, figures: readonly Figure[]): string {
  const identity = identityColumns(results);
  const lossFigure = new Map(figures.filter((f) => f.path.endsWith('-loss.svg')).map((f) => [f.jobId, f.path]));
  const header = [
    '#',
    'job',
    ...identity.header,
    'seed',
    'validation accuracy (%)',
    'test accuracy (%)',
    'train accuracy (%)',
    'best validation (epoch)',
    'validation loss',
    'wall time',
  ];
  const jobs = results.jobs.filter((job) => job.status === 'ok').sort(byValidationAccuracy);
  const rows = jobs.map((job, i) => {
    const o = jobOutcome(job);
    const figure = lossFigure.get(job.id);
    return [
      String(i + 1),
      figure === undefined ? `\`${job.id}\`` : `[\`${job.id}\`](${figure})`,
      ...identity.values(job),
      String(job.settings.seed ?? ''),
      formatPercent(o.final?.validation_accuracy),
      formatPercent(o.testAccuracy),
      formatPercent(o.final?.train_accuracy),
      o.best === null ? '' : `${formatPercent(o.best.accuracy)} (${o.best.epoch})`,
      formatLoss(o.final?.validation_loss),
      formatSeconds(o.wallSeconds),
    ];
  });
  return markdownTable(header, rows, 'rl' + 'l'.repeat(identity.header.length) + 'rrrrrrr');
}

/** Why a job did not finish: its error, or where it diverged. */
export function problemMessage(job: ReportJob): string {
  const record = job.record;
  if (job.status === 'failed') {
    const error = record?.error ?? '(the record has no error message)';
    return error.length <= 500 ? error : `${error.slice(0, 499)}…`;
  }
  const d = record?.divergence;
  if (d === null || d === undefined) return 'diverged (the record does not say where)';
  const where = [`epoch ${d.epoch ?? '?'}`, ...(d.batch === null ? ['at validation'] : [`batch ${d.batch}`])].join(', ');
  const loss = d.loss === null ? 'a non-finite loss' : `loss ${d.loss}`;
  return `diverged in ${where}: ${loss}`;
}

export function problemTable(results: SweepResults, jobs: readonly ReportJob[]): string {
  const identity = identityColumns(results);
  const header = ['job', ...identity.header, 'seed', 'status', 'message'];
  const rows = jobs.map((job) => [`\`${job.id}\``, ...identity.values(job), String(job.settings.seed ?? ''), job.status, problemMessage(job)]);
  return markdownTable(header, rows, 'l'.repeat(header.length));
}

export function pendingTable(results: SweepResults, jobs: readonly ReportJob[]): string {
  const identity = identityColumns(results);
  const header = ['#', 'job', ...identity.header, 'seed'];
  const rows = jobs.map((job) => [String(job.index), `\`${job.id}\``, ...identity.values(job), String(job.settings.seed ?? '')]);
  return markdownTable(header, rows, 'rl' + 'l'.repeat(identity.header.length) + 'r');
}

export function gradcheckTable(report: GradcheckReport): string {
  const rows = report.best.map((b) => [b.tensor, b.epsilon.toExponential(0), b.max_rel_error.toExponential(2), b.max_abs_diff.toExponential(2)]);
  return markdownTable(['tensor', 'best ε', 'max relative error', 'max absolute difference'], rows, 'lrrr');
}

/** The whole check, as the study tabulated it: max |numeric − backprop| for every ε (rows) and tensor (columns). */
export function gradcheckEpsilonTable(report: GradcheckReport): string {
  const tensors = report.best.map((b) => b.tensor);
  const epsilons = [...new Set(report.rows.map((r) => r.epsilon))].sort((a, b) => b - a);
  const rows = epsilons.map((epsilon) => [
    epsilon.toExponential(0),
    ...tensors.map((tensor) => {
      const row = report.rows.find((r) => r.tensor === tensor && r.epsilon === epsilon);
      return row ? row.max_abs_diff.toExponential(2) : '';
    }),
  ]);
  return markdownTable(['ε', ...tensors], rows, `l${'r'.repeat(tensors.length)}`);
}
