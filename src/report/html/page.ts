/**
 * report.html: the sweep on one page that works offline, opened by double-click. Every script, style and
 * datum is inline: Vega, Vega-Lite and vega-embed from their npm packages, the chart specs and the tables.
 * What a reader sees first: the sweep's name, the count of jobs by status and the best configuration; then
 * importance, the configurations, the charts, the jobs and what went wrong. Pure: the libraries come in
 * as text (assets.ts reads them), and the same results give the same page.
 */
import type { Configuration } from '../aggregate.js';
import type { Importance } from '../importance.js';
import { importanceIntro } from '../importance-table.js';
import { bestLine, fixedLine, headline } from '../markdown.js';
import type { SweepResults } from '../results.js';
import { gradcheckEpsilonTable } from '../tables.js';
import type { Library } from './assets.js';
import { curvesChart, heatmapCharts, settingCharts, type Chart } from './charts.js';
import { CLIENT_SCRIPT } from './client.js';
import { parallelChart } from './parallel.js';
import { configurationsHtml, escapeHtml, gradcheckHtml, importanceHtml, jobsHtml, pendingHtml, problemsHtml } from './tables.js';

export interface PageInput {
  results: SweepResults;
  configs: readonly Configuration[];
  importance: Importance | null;
  libraries: readonly Library[];
}

const STYLE = `
body { font: 15px/1.45 "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 0; }
header { background: #f4f6f8; border-bottom: 1px solid #dde; padding: 16px 28px; }
header h1 { margin: 0 0 6px; font-size: 24px; }
main { padding: 8px 28px 40px; max-width: 1400px; }
nav { font-size: 13px; margin-top: 8px; }
nav a { margin-right: 12px; color: #1f5fa8; }
.best { font-size: 17px; background: #fff; border-left: 4px solid #2a9d8f; padding: 8px 12px; margin: 10px 0 4px; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; white-space: nowrap; }
th { background: #f0f2f5; position: sticky; top: 0; }
table.sortable th { cursor: pointer; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td:first-child, th:first-child { text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
.wrap { overflow-x: auto; max-height: 560px; overflow-y: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.note { color: #555; font-size: 13px; }
pre { background: #f6f8fa; padding: 8px; font-size: 12px; overflow-x: auto; }
.filter input { width: 320px; padding: 3px 6px; }
`;

/** **bold** and `code` of the markdown lines, as HTML. */
function inline(markdown: string): string {
  return escapeHtml(markdown)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>');
}

/** Text that goes inside a `<script>`: no `</script` or `<!--` can end or confuse it early. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function chartBlock(charts: readonly Chart[]): string {
  return `<div class="charts">${charts.map((c) => `<div id="${c.id}" class="chart" aria-label="${escapeHtml(c.title)}"></div>`).join('')}</div>`;
}

export function reportHtml({ results, configs, importance, libraries }: PageInput): string {
  const sections: { id: string; title: string; body: string }[] = [];
  const charts: Chart[] = [];
  const add = (id: string, title: string, body: string) => sections.push({ id, title, body });

  if (importance !== null) {
    const notes = importance.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
    add('importance', 'Which settings matter', `<p class="note">${escapeHtml(importanceIntro(importance))}</p>${importanceHtml(importance)}${notes}`);
  }
  if (configs.length > 1 || configs.some((c) => c.jobs.length > 1)) {
    add('configurations', 'Configurations', `<p class="note">Seeds folded: mean ± sample std (n = finished jobs). Click a header to sort.</p><div class="wrap">${configurationsHtml(results, configs)}</div>`);
  }
  const curves = curvesChart(configs);
  if (curves !== null) {
    charts.push(curves);
    add('curves', 'Learning curves', chartBlock([curves]));
  }
  const parallel = parallelChart(results);
  if (parallel !== null) {
    charts.push(parallel);
    add('parallel', 'Parallel coordinates', chartBlock([parallel]));
  }
  const heatmaps = heatmapCharts(results, configs);
  if (heatmaps.length > 0) {
    charts.push(...heatmaps);
    add('heatmaps', 'Heatmaps', `<p class="note">One per pair of crossed settings; the toggle under each switches validation and test accuracy.</p>${chartBlock(heatmaps)}`);
  }
  const bySetting = settingCharts(results);
  if (bySetting.length > 0) {
    charts.push(...bySetting);
    add('settings', 'Final accuracy by setting', chartBlock(bySetting));
  }
  add('jobs', 'Jobs', `<div class="wrap">${jobsHtml(results)}</div>`);
  const problems = results.jobs.filter((job) => job.status === 'failed' || job.status === 'diverged');
  if (problems.length > 0) add('problems', 'Failed and diverged jobs', `<div class="wrap">${problemsHtml(results, problems)}</div>`);
  const pending = results.jobs.filter((job) => job.status === 'pending');
  if (pending.length > 0) add('pending', 'Pending jobs', `<div class="wrap">${pendingHtml(results, pending)}</div>`);
  const checks = results.jobs.filter((job) => job.record?.gradcheck);
  if (checks.length > 0) {
    const body = checks
      .map((job) => `<h3>Job <code>${escapeHtml(job.id)}</code></h3>${gradcheckHtml(job.id, job.record!.gradcheck!)}<p class="note">Max |numeric − backprop| for every ε:</p><pre>${escapeHtml(gradcheckEpsilonTable(job.record!.gradcheck!))}</pre>`)
      .join('');
    add('gradcheck', 'Gradient checks', body);
  }
  const warnings = [...results.warnings];
  if (results.outsidePlan > 0) warnings.push(`journal.jsonl has ${results.outsidePlan} result(s) of jobs the latest plan no longer has; not shown.`);
  if (warnings.length > 0) add('warnings', 'Warnings', `<ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);

  const best = bestLine(configs);
  const fixed = fixedLine(results);
  const versions = libraries.map((l) => `${l.name} ${l.version}`).join(', ');
  const chartJson = JSON.stringify(charts.map(({ id, spec }) => ({ id, spec }))).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sweep report: ${escapeHtml(results.sweep)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Sweep report: ${escapeHtml(results.sweep)}</h1>
${results.description ? `<p>${escapeHtml(results.description.trim())}</p>` : ''}
<p>${inline(headline(results))}</p>
${best === null ? '' : `<p class="best">${inline(best)}</p>`}
${fixed === null ? '' : `<p class="note">${inline(fixed)}</p>`}
<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}</nav>
</header>
<main>
${sections.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`).join('\n')}
<p class="note">Written by mlp-sweep from journal.jsonl and plan.json; every number in full precision is in summary.csv and epochs.csv. Charts drawn with ${escapeHtml(versions)}, inlined: the page needs no network.</p>
</main>
<script type="application/json" id="report-charts">${chartJson}</script>
${libraries.map((l) => `<script>/* ${l.name} ${l.version} */\n${scriptSafe(l.source)}\n</script>`).join('\n')}
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
