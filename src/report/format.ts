/** How the report writes values for people: percentages, mean ± std, settings, durations, table cells. */
import { formatDuration } from '../duration.js';
import type { SettingName } from '../sweep/schema.js';
import { showValue } from '../sweep/show-value.js';
import type { Stat } from './stat.js';

/**
 * Lists as everywhere else (`[512, 1024]`, `[]` for softmax regression: sweep/show-value.ts), train_limit
 * null → `all`; an absent value → empty. (An older record without train_limit also shows `all`: null is
 * both its value and its absence.)
 */
export function formatSettingValue(key: SettingName, value: unknown): string {
  if (value === null || value === undefined) return key === 'train_limit' ? 'all' : '';
  return showValue(value);
}

/** A fraction as a percentage with 2 decimals: 0.97431 → `97.43`; null → empty. */
export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? '' : (100 * fraction).toFixed(2);
}

export function formatLoss(loss: number | null | undefined): string {
  return loss === null || loss === undefined ? '' : loss.toFixed(4);
}

/** `97.43 ± 0.08 (n=3)`; `97.43 (n=1)` when one value has no spread; `–` when there is none. `unit` goes before `(n=…)`. */
export function formatStat(value: Stat | null, format: (x: number) => string, unit = ''): string {
  if (value === null) return '–';
  const spread = value.std === null ? '' : ` ± ${format(value.std)}`;
  return `${format(value.mean)}${spread}${unit} (n=${value.n})`;
}

export const percent = (x: number): string => (100 * x).toFixed(2);
export const loss4 = (x: number): string => x.toFixed(4);

/** Durations as everywhere else (src/duration.ts); absent → empty. */
export function formatSeconds(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '' : formatDuration(seconds);
}

/** Text that markdown renderers must show as text: HTML in it (an error message's `<script>`) escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A markdown table cell: one line, HTML and pipes escaped. */
export function cell(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A markdown table with a header row; `align` per column: 'l' or 'r'. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : ':---'));
  return [header, rule, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}
