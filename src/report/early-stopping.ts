/**
 * The early-stopping section of summary.md: every trial ranked (the furthest rung first, then the metric
 * at its last epoch, ties by plan order), the rung each reached or stopped at, and the epochs the search
 * trained (search-budget.ts: what its runs actually trained) against the full budget. Pure: results in, markdown out.
 */
import { rungEpochs } from '../sweep/search/rungs.js';
import type { EarlyStopping } from '../sweep/search/search.js';
import { searchBudget } from './search-budget.js';
import { formatLoss, formatPercent, formatSettingValue, markdownTable } from './format.js';
import type { ReportJob, SweepResults } from './results.js';

function trained(job: ReportJob): number {
  const last = job.record?.epochs.at(-1);
  return last ? last.epoch : 0;
}

export function earlyStoppingSection(results: SweepResults, stopping: EarlyStopping): string {
  const rungs = rungEpochs(stopping);
  const lastRung = (job: ReportJob) => rungs.filter((epochs) => epochs <= trained(job)).length - 1;
  const value = (job: ReportJob) => job.record?.epochs.at(-1)?.[stopping.metric] ?? null;
  const sign = stopping.metric === 'validation_loss' ? 1 : -1;
  const ranked = [...results.jobs].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return trained(b) - trained(a) || (va === null ? 1 : 0) - (vb === null ? 1 : 0) || sign * ((va ?? 0) - (vb ?? 0)) || a.index - b.index;
  });
  const reached = (job: ReportJob): string => {
    const rung = lastRung(job);
    switch (job.status) {
      case 'ok':
        return `every rung (${trained(job)} epochs)`;
      case 'stopped':
        return `stopped at rung ${rung} (${trained(job)} epochs)`;
      case 'pending':
        return 'pending';
      default:
        return `${job.status} after ${trained(job)} epochs`;
    }
  };
  const header = ['rank', 'trial', 'job', ...results.varying, 'reached', stopping.metric.replace('_', ' ') + (stopping.metric === 'validation_accuracy' ? ' (%)' : '')];
  const rows = ranked.map((job, i) => [
    String(i + 1),
    String(job.index),
    `\`${job.id}\``,
    ...results.varying.map((key) => formatSettingValue(key, job.settings[key])),
    reached(job),
    stopping.metric === 'validation_accuracy' ? formatPercent(value(job)) : formatLoss(value(job)),
  ]);
  const perRung = rungs.map((epochs, k) => `rung ${k} (${epochs} epochs): ${results.jobs.filter((job) => job.status !== 'pending' && lastRung(job) >= k).length}`);
  const { epochs: spent, fullBudget: budget, retrained } = searchBudget(results, stopping);
  const how =
    retrained === 0
      ? "promoted trials continue from their rung's checkpoint"
      : `${retrained} promoted run${retrained === 1 ? '' : 's'} had no checkpoint to continue and trained from epoch 0 again`;
  return [
    `ASHA (η = ${stopping.reductionFactor}, ranked by ${stopping.metric}): trials per rung reached — ${perRung.join(', ')}.`,
    `Epochs trained: ${spent} (${how}), against ${budget} for every trial to ${stopping.maxEpochs} epochs (${((100 * spent) / budget).toFixed(0)} %).`,
    markdownTable(header, rows, 'rrl' + 'l'.repeat(results.varying.length) + 'lr'),
  ].join('\n\n');
}
