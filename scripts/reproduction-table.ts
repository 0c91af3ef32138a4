/**
 * The README's reproduction table, computed from the committed journals under results/ (never typed by
 * hand): the classic study's reported validation accuracy beside ours, mean ± sample std over seeds
 * (final epoch), and the difference. `node dist/scripts/reproduction-table.js [results dir]`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { latestById, readJournal } from '../src/journal/read.js';
import type { JobRecord } from '../src/journal/record.js';
import { stat } from '../src/report/stat.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const results = process.argv[2] ?? path.join(ROOT, 'results');

/** The study's rows: which sweep and named run hold ours, and the validation accuracy it reported (%). */
const STUDY: { row: string; sweep: string; run: string | null; reported: number }[] = [
  { row: 'glorot baseline (lr 0.1, batch 200, 10 epochs)', sweep: 'baseline', run: null, reported: 97.43 },
  { row: 'zeros init (lr 0.1)', sweep: 'init-methods', run: 'zeros', reported: 10.64 },
  { row: 'normal init (lr 0.01)', sweep: 'init-methods', run: 'normal', reported: 93.92 },
  { row: 'adgk: batch 10, 10 epochs, lr 0.1, [700, 512]', sweep: 'hyperparameter-search', run: 'adgk', reported: 98.12 },
  { row: 'bdgk: batch 80, 10 epochs, lr 0.1, [700, 512]', sweep: 'hyperparameter-search', run: 'bdgk', reported: 97.97 },
  { row: 'bdgj: batch 80, 10 epochs, lr 0.1, [512, 1024]', sweep: 'hyperparameter-search', run: 'bdgj', reported: 98.19 },
  { row: 'cdgj: batch 200, 10 epochs, lr 0.1, [512, 1024]', sweep: 'hyperparameter-search', run: 'cdgj', reported: 97.2 },
  { row: 'cdhj: batch 200, 10 epochs, lr 0.01, [512, 1024]', sweep: 'hyperparameter-search', run: 'cdhj', reported: 92 },
  { row: 'cdik: batch 200, 10 epochs, lr 0.001, [700, 512]', sweep: 'hyperparameter-search', run: 'cdik', reported: 84 },
  { row: 'cegj: batch 200, 50 epochs, lr 0.1, [512, 1024]', sweep: 'hyperparameter-search', run: 'cegj', reported: 98.12 },
];

const journals = new Map<string, JobRecord[]>();
function recordsOf(sweep: string): JobRecord[] {
  if (!journals.has(sweep)) journals.set(sweep, [...latestById(readJournal(path.join(results, sweep)).records).values()]);
  return journals.get(sweep)!;
}

const lines = [
  '| study row | study (%) | mlp-sweep (%), mean ± std (n) | difference (points) |',
  '| :--- | ---: | ---: | ---: |',
];
for (const { row, sweep, run, reported } of STUDY) {
  const finals = recordsOf(sweep)
    .filter((r) => r.status === 'ok' && (run === null || r.name === run))
    .map((r) => 100 * r.epochs[r.epochs.length - 1].validation_accuracy);
  const s = stat(finals);
  const ours = s === null ? 'not run yet' : `${s.mean.toFixed(2)} ± ${(s.std ?? 0).toFixed(2)} (${s.n})`;
  const diff = s === null ? '' : `${s.mean - reported >= 0 ? '+' : ''}${(s.mean - reported).toFixed(2)}`;
  lines.push(`| ${row} | ${reported} | ${ours} | ${diff} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
