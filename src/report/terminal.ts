/**
 * `mlp-sweep report --top N`: the best configurations as a plain-text table for the terminal, as
 * `dvc exp show` prints experiments: rank, the settings that vary, validation and test accuracy (mean ±
 * std over seeds), and the jobs. Pure.
 */
import type { Configuration } from './aggregate.js';
import { formatSettingValue, formatStat, percent } from './format.js';
import type { SweepResults } from './results.js';
import { statusCounts } from './tables.js';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function topTable(results: SweepResults, configs: readonly Configuration[], n: number): string {
  const ranked = configs.filter((c) => c.validationAccuracy !== null);
  const shown = ranked.slice(0, n);
  const named = results.jobs.some((job) => job.name !== null);
  const header = ['#', ...(named ? ['name'] : []), ...results.varying, 'validation %', 'test %', 'jobs'];
  const rows = shown.map((c, i) => [
    String(i + 1),
    ...(named ? [c.name ?? ''] : []),
    ...results.varying.map((key) => formatSettingValue(key, c.settings[key])),
    formatStat(c.validationAccuracy, percent),
    formatStat(c.testAccuracy, percent),
    statusCounts(c.counts),
  ]);
  const align = 'r' + 'l'.repeat(header.length - 4) + 'rrl';
  const title = `${results.sweep}: the best ${shown.length} of ${ranked.length} configuration${ranked.length === 1 ? '' : 's'} with results, by final validation accuracy`;
  return `${title}\n${rows.length === 0 ? 'no configuration has finished yet' : textTable(header, rows, align)}\n`;
}
