/** The importance section of summary.md (and, as rows, of report.html). Pure: an Importance in, text out. */
import { markdownTable } from './format.js';
import type { Importance, ImportanceTerm } from './importance.js';

const share = (t: ImportanceTerm): string => `${(100 * t.share).toFixed(1)} %`;

function pValue(p: number | null): string {
  if (p === null) return '';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Whether the term stands out of the seed noise: `yes`, `no`, or empty when there is nothing to test against. */
export function verdict(t: ImportanceTerm): string {
  if (t.p === null) return '';
  return t.p < 0.05 ? 'yes' : 'no';
}

export function levelMeans(t: ImportanceTerm): string {
  return t.levels.map((l) => `${l.value}: ${l.mean.toFixed(2)}`).join(', ');
}

/** The rows of the table, shared by the markdown and the HTML page. */
export function importanceRows(imp: Importance): { header: string[]; rows: string[][]; align: string } {
  if (imp.method === 'anova') {
    return {
      header: ['term', 'share of variance', 'df', 'F', 'p', 'exceeds seed noise', 'range of means (pp)', 'mean accuracy (%) by value'],
      rows: imp.terms.map((t) => [
        t.term,
        share(t),
        t.df === null ? '' : String(t.df),
        t.f === null ? '' : Number.isFinite(t.f) ? t.f.toFixed(1) : '∞',
        pValue(t.p),
        verdict(t),
        t.range === null ? '' : t.range.toFixed(2),
        levelMeans(t),
      ]),
      align: 'lrrrrlrl',
    };
  }
  return {
    header: ['setting', 'share of variance on its own', 'Spearman ρ', 'range of means (pp)', 'mean accuracy (%) by value'],
    rows: imp.terms.map((t) => [t.term, share(t), t.rho === null ? '' : t.rho.toFixed(2), t.range === null ? '' : t.range.toFixed(2), levelMeans(t)]),
    align: 'lrrrl',
  };
}

export function importanceIntro(imp: Importance): string {
  const noise = imp.seedStd === null ? '' : ` The seeds of one configuration differ by ${imp.seedStd.toFixed(2)} pp (pooled standard deviation): the yardstick.`;
  const what =
    imp.method === 'anova'
      ? 'Analysis of variance of the final validation accuracy (percentage points): each term\'s share of the total sum of squares; ' +
        'F is its mean square over the seed noise\'s, and it exceeds seed noise when p < 0.05.'
      : 'Estimate, not a decomposition: how much of the spread of the final validation accuracy each setting explains on its own, and for numeric settings the rank correlation (Spearman ρ) with it.';
  return `${what} Over ${imp.jobs} finished jobs in ${imp.configurations} configurations, mean ${imp.mean.toFixed(2)} %.${noise}`;
}

export function importanceMarkdown(imp: Importance): string {
  const { header, rows, align } = importanceRows(imp);
  return [importanceIntro(imp), markdownTable(header, rows, align), ...imp.notes].join('\n\n');
}
