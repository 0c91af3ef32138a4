/**
 * The tables of report.html, as HTML: configurations (seeds folded), every job, failed and diverged jobs,
 * pending jobs, importance, gradient checks. Each cell may carry a sort key (`data-sort`), so that a click
 * on a header sorts by the number rather than the text; a filter box above each sortable table. Pure.
 */
import type { GradcheckReport } from '../../core/gradcheck.js';
import type { Configuration } from '../aggregate.js';
import { formatLoss, formatPercent, formatSeconds, formatSettingValue, formatStat, loss4, percent } from '../format.js';
import type { Importance } from '../importance.js';
import { importanceRows } from '../importance-table.js';
import { byValidationAccuracy, jobOutcome } from '../outcome.js';
import type { ReportJob, SweepResults } from '../results.js';
import { problemMessage, statusCounts } from '../tables.js';

export interface Cell {
  text: string;
  sort?: number | null;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const c = (text: string, sort?: number | null): Cell => ({ text, sort });

/** A table; `sortable` adds the filter box and clickable headers (the page's script does the work). */
export function htmlTable(id: string, header: readonly string[], rows: readonly (readonly Cell[])[], sortable = true): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.map((cell) => {
        const sort = cell.sort === undefined || cell.sort === null ? '' : ` data-sort="${cell.sort}"`;
        return `<td${sort}>${escapeHtml(cell.text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const filter = sortable
    ? `<p class="filter"><input type="search" placeholder="filter rows (every word must match)" data-table="${id}" aria-label="filter ${id}"> <span class="shown" data-for="${id}">${rows.length} rows</span></p>\n`
    : '';
  return `${filter}<table id="${id}"${sortable ? ' class="sortable"' : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function identity(results: SweepResults): { header: string[]; cells: (job: Pick<ReportJob, 'name' | 'settings'>) => Cell[] } {
  const named = results.jobs.some((job) => job.name !== null);
  return {
    header: [...(named ? ['name'] : []), ...results.varying],
    cells: (job) => [
      ...(named ? [c(job.name ?? '')] : []),
      ...results.varying.map((key) => {
        const value = job.settings[key];
        return c(formatSettingValue(key, value), typeof value === 'number' ? value : null);
      }),
    ],
  };
}

export function configurationsHtml(results: SweepResults, configs: readonly Configuration[]): string {
  const id = identity(results);
  const header = ['#', ...id.header, 'validation accuracy (%)', 'test accuracy (%)', 'train accuracy (%)', 'validation loss', 'wall time (mean)', 'jobs'];
  const rows = configs.map((conf, i) => [
    c(conf.validationAccuracy === null ? '' : String(i + 1), conf.validationAccuracy === null ? null : i + 1),
    ...id.cells({ name: conf.name, settings: conf.settings }),
    c(formatStat(conf.validationAccuracy, percent), conf.validationAccuracy?.mean),
    c(formatStat(conf.testAccuracy, percent), conf.testAccuracy?.mean),
    c(formatStat(conf.trainAccuracy, percent), conf.trainAccuracy?.mean),
    c(formatStat(conf.validationLoss, loss4), conf.validationLoss?.mean),
    c(formatSeconds(conf.wallSeconds?.mean), conf.wallSeconds?.mean),
    c(statusCounts(conf.counts)),
  ]);
  return htmlTable('table-configurations', header, rows);
}

export function jobsHtml(results: SweepResults): string {
  const id = identity(results);
  const header = ['job', ...id.header, 'seed', 'status', 'validation accuracy (%)', 'test accuracy (%)', 'train accuracy (%)', 'best validation (epoch)', 'validation loss', 'wall time'];
  const rows = [...results.jobs].sort(byValidationAccuracy).map((job) => {
    const o = jobOutcome(job);
    const ok = job.status === 'ok';
    return [
      c(job.id),
      ...id.cells(job),
      c(String(job.settings.seed ?? ''), job.settings.seed),
      c(job.status),
      c(ok ? formatPercent(o.final?.validation_accuracy) : '', ok ? o.final?.validation_accuracy : null),
      c(formatPercent(o.testAccuracy), o.testAccuracy),
      c(formatPercent(o.final?.train_accuracy), o.final?.train_accuracy),
      c(o.best === null ? '' : `${formatPercent(o.best.accuracy)} (${o.best.epoch})`, o.best?.accuracy),
      c(formatLoss(o.final?.validation_loss), o.final?.validation_loss),
      c(formatSeconds(o.wallSeconds), o.wallSeconds),
    ];
  });
  return htmlTable('table-jobs', header, rows);
}

export function problemsHtml(results: SweepResults, jobs: readonly ReportJob[]): string {
  const id = identity(results);
  const rows = jobs.map((job) => [c(job.id), ...id.cells(job), c(String(job.settings.seed ?? '')), c(job.status), c(problemMessage(job))]);
  return htmlTable('table-problems', ['job', ...id.header, 'seed', 'status', 'message'], rows);
}

export function pendingHtml(results: SweepResults, jobs: readonly ReportJob[]): string {
  const id = identity(results);
  const rows = jobs.map((job) => [c(String(job.index), job.index), c(job.id), ...id.cells(job), c(String(job.settings.seed ?? ''))]);
  return htmlTable('table-pending', ['#', 'job', ...id.header, 'seed'], rows);
}

export function importanceHtml(imp: Importance): string {
  const { header, rows } = importanceRows(imp);
  return htmlTable('table-importance', header, rows.map((row) => row.map((text) => c(text))), false);
}

export function gradcheckHtml(jobId: string, report: GradcheckReport): string {
  const rows = report.best.map((b) => [c(b.tensor), c(b.epsilon.toExponential(0)), c(b.max_rel_error.toExponential(2)), c(b.max_abs_diff.toExponential(2))]);
  return htmlTable(`table-gradcheck-${jobId}`, ['tensor', 'best ε', 'max relative error', 'max absolute difference'], rows, false);
}
