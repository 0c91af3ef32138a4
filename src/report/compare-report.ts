/** `mlp-sweep compare` as markdown (printed) and as an HTML page. Pure: a Comparison in, text out. */
import type { CompareCell, Comparison } from './compare.js';
import { formatStat, markdownTable } from './format.js';
import { CLIENT_SCRIPT } from './html/client.js';
import { escapeHtml, htmlTable, type Cell } from './html/tables.js';

const pp = (x: number): string => x.toFixed(2);

function deltaText(cell: CompareCell): string {
  if (cell.delta === null) return '';
  const sign = cell.delta > 0 ? '+' : cell.delta < 0 ? '−' : '';
  return `${sign}${pp(Math.abs(cell.delta))}${cell.se === null || cell.se === 0 ? '' : ` (2 SE ${pp(2 * cell.se)})`}`;
}

function table(c: Comparison): { header: string[]; rows: Cell[][] } {
  const header = ['configuration'];
  c.sweeps.forEach((s, i) => {
    header.push(`${s.label}: validation (%)`, `${s.label}: test (%)`);
    if (i > 0) header.push(`Δ validation vs ${c.sweeps[0].label} (pp)`, 'verdict');
  });
  const rows = c.rows.map((row) => [
    { text: row.label },
    ...row.cells.flatMap((cell, i): Cell[] => [
      { text: cell.validation === null ? '–' : formatStat(cell.validation, pp), sort: cell.validation?.mean ?? null },
      { text: cell.test === null ? '–' : formatStat(cell.test, pp), sort: cell.test?.mean ?? null },
      ...(i === 0 ? [] : [{ text: deltaText(cell), sort: cell.delta }, { text: cell.verdict ?? '' }]),
    ]),
  ]);
  return { header, rows };
}

function summaryLines(c: Comparison): string[] {
  const sweeps = c.sweeps.map(
    (s) =>
      `${s.label}: sweep ${s.sweep}, ${s.finished} of ${s.jobs} jobs finished` +
      (s.kernelSets.length > 0 ? `, kernel sets ${s.kernelSets.join(', ')}` : '') +
      (s.codeVersions.length > 0 ? `, training code version ${s.codeVersions.join(', ')}` : ''),
  );
  const differences = c.differences.map((d) => `${d.setting}: ${d.values.map((v, i) => `${v} (${c.sweeps[i].label})`).join(' vs ')}`);
  const verdicts = c.sweeps.slice(1).map((s, k) => {
    const cells = c.rows.map((r) => r.cells[k + 1]);
    const count = (v: string) => cells.filter((cell) => cell.verdict === v).length;
    return (
      `${s.label} against ${c.sweeps[0].label}: ${count('identical')} identical bit for bit, ${count('within noise')} within seed noise, ` +
      `${count('exceeds noise')} beyond it, ${count('one seed')} with one seed (no noise estimate), ${count('missing')} missing`
    );
  });
  return [
    ...sweeps,
    ...(differences.length > 0 ? [`Settings that tell the sweeps apart (not matched on): ${differences.join('; ')}`] : []),
    ...verdicts,
  ];
}

const NOTE =
  'Configurations are matched on every setting but the seed (and the settings above that tell the sweeps apart). ' +
  'Mean ± sample std (n) over finished seeds, in %. Δ is the difference of the means; it exceeds seed noise when |Δ| is more than ' +
  "2 standard errors of the difference (Welch: √(s₁²/n₁ + s₂²/n₂)). Identical: every seed's final validation accuracy, loss and test accuracy equal bit for bit.";

export function comparisonMarkdown(c: Comparison): string {
  const { header, rows } = table(c);
  const align = 'l' + 'r'.repeat(header.length - 1);
  return [
    `# Comparison: ${c.sweeps.map((s) => s.label).join(' vs ')}`,
    summaryLines(c).map((l) => `- ${l}`).join('\n'),
    NOTE,
    markdownTable(header, rows.map((r) => r.map((cell) => cell.text)), align),
  ].join('\n\n') + '\n';
}

export function comparisonHtml(c: Comparison): string {
  const { header, rows } = table(c);
  const title = `Comparison: ${c.sweeps.map((s) => s.label).join(' vs ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.45 "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 24px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; white-space: nowrap; }
th { background: #f0f2f5; cursor: pointer; }
td:first-child, th:first-child { text-align: left; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
.note { color: #555; font-size: 13px; max-width: 1100px; }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<ul>${summaryLines(c).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<p class="note">${escapeHtml(NOTE)}</p>
${htmlTable('table-compare', header, rows)}
<script type="application/json" id="report-charts">[]</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
