/**
 * Pivot tables for a grid with two or more varying settings, like the classic study's learning rate ×
 * batch size table: one table per pair of crossed varying settings, a cell per pair of values holding the mean
 * final validation accuracy over seeds. With more than two varying settings a cell holds the best
 * configuration over the others, and names it. Pure: results in, markdown out.
 */
import type { SettingName } from '../sweep/schema.js';
import { settingValues, type Configuration } from './aggregate.js';
import { formatSettingValue, formatStat, markdownTable, percent } from './format.js';
import type { ReportStatus, SweepResults } from './results.js';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a cell says when none of its configurations has finished: `pending`, `diverged`, `2 failed, 1 pending`. */
function statusCell(configs: readonly Configuration[]): string {
  const counts = new Map<ReportStatus, number>();
  for (const c of configs) for (const s of ['diverged', 'failed', 'pending'] as const) counts.set(s, (counts.get(s) ?? 0) + c.counts[s]);
  const present = [...counts].filter(([, n]) => n > 0);
  if (present.length === 1) return present[0][0];
  return present.map(([s, n]) => `${n} ${s}`).join(', ');
}

export function pivotTable(results: SweepResults, configs: readonly Configuration[], rows: SettingName, columns: SettingName): string {
  const others = results.varying.filter((key) => key !== rows && key !== columns);
  const rowValues = settingValues(results.jobs, rows);
  const columnValues = settingValues(results.jobs, columns);
  const overallBest = configs.find((c) => c.validationAccuracy !== null) ?? null;
  const body = rowValues.map((r) => [
    formatSettingValue(rows, r),
    ...columnValues.map((c) => {
      // configs are sorted best first, so the first finished match is the cell's best.
      const matching = configs.filter((conf) => sameValue(conf.settings[rows], r) && sameValue(conf.settings[columns], c));
      if (matching.length === 0) return '—';
      const best = matching.find((conf) => conf.validationAccuracy !== null);
      if (best === undefined) return statusCell(matching);
      const text = `${formatStat(best.validationAccuracy, percent)} · test ${best.testAccuracy === null ? '–' : percent(best.testAccuracy.mean)}`;
      const which = others.length === 0 ? '' : ` · ${others.map((key) => `${key}=${formatSettingValue(key, best.settings[key])}`).join(' ')}`;
      return best === overallBest ? `**${text}**${which}` : `${text}${which}`;
    }),
  ]);
  const header = [`${rows} ↓ ${columns} →`, ...columnValues.map((c) => formatSettingValue(columns, c))];
  const title = `### ${rows} × ${columns}`;
  const note =
    others.length === 0
      ? 'Mean final validation accuracy (%) ± std over seeds, then the mean test accuracy (%); the best in bold.'
      : `Mean final validation accuracy (%) ± std over seeds, then the mean test accuracy (%), of the best configuration over ${others.join(', ')}, which the cell names; the best in bold.`;
  return [title, '', note, '', markdownTable(header, body, 'l' + 'r'.repeat(columnValues.length))].join('\n');
}

/**
 * Whether two settings are crossed (as by a grid) rather than tied (as by zip, or named runs that each set
 * both): more distinct pairs of values than either has values. A tied pair would give a table of dashes.
 */
export function crossed(results: SweepResults, a: SettingName, b: SettingName): boolean {
  const pairs = new Set(results.jobs.map((job) => JSON.stringify([job.settings[a], job.settings[b]])));
  return pairs.size > Math.max(settingValues(results.jobs, a).length, settingValues(results.jobs, b).length);
}

/** Every crossed pair of varying settings, in setting order; none when fewer than two settings vary. */
export function pivotTables(results: SweepResults, configs: readonly Configuration[]): string[] {
  const tables: string[] = [];
  const keys = results.varying;
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      if (crossed(results, keys[i], keys[j])) tables.push(pivotTable(results, configs, keys[i], keys[j]));
    }
  }
  return tables;
}
