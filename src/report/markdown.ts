/**
 * summary.md: what a person reads first. The outcome in one paragraph, configurations best first with
 * seeds folded into mean ± std (n) and the per-seed rows one click away, pivot tables, the figures, then
 * what failed, diverged or is still pending, and any warning about the records. Pure: the same results
 * give the same text (no clock: "as of" is the latest record's time).
 */
import { earlyStoppingSection } from './early-stopping.js';
import type { Configuration } from './aggregate.js';
import type { Figure } from './figures/catalogue.js';
import { SETTING_NAMES, type SettingName } from '../sweep/schema.js';
import { escapeHtml, formatSettingValue, formatStat, percent } from './format.js';
import { importance } from './importance.js';
import { importanceMarkdown } from './importance-table.js';
import { pivotTables } from './pivot.js';
import { REPORT_STATUSES, type ReportStatus, type SweepResults } from './results.js';
import { configurationTable, gradcheckEpsilonTable, gradcheckTable, jobTable, pendingTable, problemTable } from './tables.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function headline(results: SweepResults): string {
  const counts = new Map<ReportStatus, number>(REPORT_STATUSES.map((s) => [s, 0]));
  for (const job of results.jobs) counts.set(job.status, counts.get(job.status)! + 1);
  const parts = REPORT_STATUSES.filter((s) => counts.get(s)! > 0).map((s) => `${counts.get(s)} ${s}`);
  const finished = results.jobs.map((job) => job.record?.finished_at ?? '').filter((t) => t !== '').sort();
  const asOf = finished.length === 0 ? 'No job has finished yet.' : `Results as of ${finished[finished.length - 1]}.`;
  const plan =
    results.createdAt === null
      ? ''
      : ` Plan of ${results.createdAt}${results.codeVersion === null ? '' : ` (training code version ${results.codeVersion})`}.`;
  return `**${plural(results.jobs.length, 'job')}**${parts.length === 0 ? '' : `: ${parts.join(', ')}`}. ${asOf}${plan}`;
}

export function bestLine(configs: readonly Configuration[]): string | null {
  const best = configs.find((c) => c.validationAccuracy !== null);
  if (best === undefined) return null;
  const metrics =
    `validation accuracy ${formatStat(best.validationAccuracy, percent, ' %')}, ` +
    `test accuracy ${formatStat(best.testAccuracy, percent, ' %')}.`;
  return configs.length === 1 ? `Result: ${metrics}` : `Best configuration: **${best.label}**, ${metrics}`;
}

/** The settings every job shares (seed aside), so that the tables need show only those that vary. */
export function fixedLine(results: SweepResults): string | null {
  const first = results.jobs[0];
  if (first === undefined) return null;
  const fixed = SETTING_NAMES.filter((key) => key !== 'seed' && !results.varying.includes(key));
  // train_limit's null is a value (all examples); any other null is a setting no record or plan gave.
  const known = fixed.filter((key) => key === 'train_limit' || results.jobs.some((job) => job.settings[key] !== null));
  if (known.length === 0) return null;
  // the first job that gives the setting; for train_limit, every job may say null (all examples)
  const value = (key: SettingName) =>
    formatSettingValue(key, (results.jobs.find((job) => job.settings[key] !== null) ?? first).settings[key]);
  return `Settings shared by every job: ${known.map((key) => `${key} ${value(key)}`).join(', ')}.`;
}

/** Links to the trained weights in models/, with each job's final validation accuracy. */
function keptModelsSection(results: SweepResults): string | null {
  const ids = new Set(results.keptModels ?? []);
  const jobs = results.jobs.filter((job) => ids.has(job.id));
  if (jobs.length === 0) return null;
  const rows = jobs.map((job) => {
    const last = job.record?.epochs.at(-1)?.validation_accuracy;
    const accuracy = typeof last === 'number' ? `, validation ${percent(last)} %` : '';
    return `- [\`${job.id}\`](models/${job.id}.safetensors)${job.name ? ` (${job.name})` : ''}${accuracy}`;
  });
  return (
    `Trained weights of ${plural(jobs.length, 'job')}, as safetensors files that numpy and PyTorch read ` +
    '(`scripts/forward.py` is a numpy forward pass; `mlp-sweep export <folder> <job id> --out <file>` copies one):\n\n' +
    rows.join('\n')
  );
}

function embed(figure: Figure): string {
  return `![${figure.title}](${figure.path})`;
}

function details(summary: string, body: string): string {
  // The blank lines let GitHub render the markdown inside the HTML block.
  return `<details>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function summaryMarkdown(results: SweepResults, configs: readonly Configuration[], figures: readonly Figure[]): string {
  const out: string[] = [`# Sweep report: ${results.sweep}`];
  if (results.description) out.push(escapeHtml(results.description.trim()));
  out.push(headline(results));
  const fixed = fixedLine(results);
  if (fixed !== null) out.push(fixed);
  const best = bestLine(configs);
  if (best !== null) out.push(best);
  out.push(
    'Accuracies are percentages; mean ± sample standard deviation over seeds, n = the finished jobs it is over. ' +
      'Every number in full precision: [summary.csv](summary.csv) (one row per job), [epochs.csv](epochs.csv) (one row per job and epoch).',
  );

  if (results.earlyStopping) out.push('## Early stopping', earlyStoppingSection(results, results.earlyStopping));
  const finished = results.jobs.filter((job) => job.status === 'ok');
  const folded = configs.some((c) => c.jobs.length > 1);
  if (folded) {
    out.push('## Configurations', configurationTable(results, configs));
    if (finished.length > 0) out.push(details(`Per-seed rows: the ${plural(finished.length, 'finished job')}`, jobTable(results, figures)));
  } else if (finished.length > 0) {
    out.push('## Jobs', jobTable(results, figures));
  }

  const kept = keptModelsSection(results);
  if (kept !== null) out.push('## Kept models', kept);

  const pivots = pivotTables(results, configs);
  if (pivots.length > 0) out.push('## Pivot tables', ...pivots);
  const imp = importance(results);
  if (imp !== null) out.push('## Which settings matter', importanceMarkdown(imp));

  const sweepFigures = figures.filter((f) => f.jobId === null);
  const lossFigures = figures.filter((f) => f.path.endsWith('-loss.svg'));
  if (sweepFigures.length > 0 || lossFigures.length > 0) {
    out.push('## Figures', ...sweepFigures.map(embed));
    if (lossFigures.length > 0) {
      out.push(details(`Train and validation loss per epoch, per job (${lossFigures.length})`, lossFigures.map(embed).join('\n\n')));
    }
  }

  const problems = results.jobs.filter((job) => job.status === 'failed' || job.status === 'diverged');
  if (problems.length > 0) out.push('## Failed and diverged jobs', problemTable(results, problems));

  const pending = results.jobs.filter((job) => job.status === 'pending');
  if (pending.length > 0) out.push(`## Pending jobs`, `${plural(pending.length, 'job')} of the plan without a result yet.`, pendingTable(results, pending));

  const checks = results.jobs.filter((job) => job.record?.gradcheck);
  if (checks.length > 0) {
    out.push('## Gradient checks');
    for (const job of checks) {
      const figure = figures.find((f) => f.jobId === job.id && f.path.endsWith('-gradcheck.svg'));
      const report = job.record!.gradcheck!;
      out.push(
        `### Job \`${job.id}\``,
        gradcheckTable(report),
        'Max |numeric − backprop| over the sampled entries, for every ε:',
        gradcheckEpsilonTable(report),
        ...(figure ? [embed(figure)] : []),
      );
    }
  }

  const notes = [...results.warnings];
  if (results.outsidePlan > 0) {
    notes.push(`journal.jsonl has ${plural(results.outsidePlan, 'result')} of jobs the latest plan no longer has; not shown.`);
  }
  if (notes.length > 0) out.push('## Warnings', notes.map((n) => `- ${n}`).join('\n'));
  return `${out.join('\n\n')}\n`;
}
