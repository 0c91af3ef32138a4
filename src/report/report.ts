/**
 * `writeReport(sweepDir)`: reads a sweep's results folder and (re)writes its report: summary.csv,
 * epochs.csv, the figures, and summary.md last (so the figures it embeds are there when it appears).
 * The runner calls it after every finished job, so a half-done sweep has a half-done report; calls for
 * the same folder run one after another, so an older refresh never overwrites a newer one.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { configurations } from './aggregate.js';
import { epochsCsv, summaryCsv } from './csv.js';
import { reportFigures } from './figures/catalogue.js';
import { browserLibraries } from './html/assets.js';
import { reportHtml } from './html/page.js';
import { importance } from './importance.js';
import { loadSweepResults } from './load.js';
import { pngPath, svgToPng } from './png.js';
import { summaryMarkdown } from './markdown.js';
import { figureStamp, hasStamp, renderFigure } from './render.js';
import { reportPath, writeFile, writeIfChanged } from './write.js';

export const SUMMARY_CSV = 'summary.csv';
export const EPOCHS_CSV = 'epochs.csv';
export const SUMMARY_MD = 'summary.md';
export const REPORT_HTML = 'report.html';

export interface ReportOptions {
  /** Draw a loss curve per job (default true). Off, a refresh renders only the few sweep figures. */
  jobFigures?: boolean;
  /** Also write each figure as PNG beside its SVG (default false). */
  png?: boolean;
  /**
   * Stops the refresh between two files (each written whole) once aborted, rejecting with the signal's
   * reason: a newer refresh of the folder makes this one moot (src/cli/report-child.ts).
   */
  signal?: AbortSignal;
}

export interface ReportResult {
  sweep: string;
  /** The results folder, as given. */
  dir: string;
  /** Files written by this call, as paths under `dir`. */
  written: string[];
  /** Files already up to date (same content, or a figure of the same spec), not rewritten. */
  unchanged: string[];
  /** Problems with the records: missing fields, unreadable lines; the report was still written. */
  warnings: string[];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

const queues = new Map<string, Promise<unknown>>();

export function writeReport(sweepDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const key = path.resolve(sweepDir);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => refresh(sweepDir, options));
  queues.set(key, next);
  // Forget the folder once its queue is empty, so the map does not grow with every sweep ever reported.
  void next.catch(() => undefined).then(() => {
    if (queues.get(key) === next) queues.delete(key);
  });
  return next;
}

async function refresh(sweepDir: string, options: ReportOptions): Promise<ReportResult> {
  const results = await loadSweepResults(sweepDir);
  const configs = configurations(results);
  const figures = reportFigures(results, configs, { jobFigures: options.jobFigures ?? true });
  const result: ReportResult = { sweep: results.sweep, dir: sweepDir, written: [], unchanged: [], warnings: results.warnings };

  for (const figure of figures) {
    options.signal?.throwIfAborted();
    const file = await reportPath(sweepDir, figure.path);
    const stamp = await figureStamp(figure.spec);
    const png = options.png === true ? pngPath(file) : null;
    if ((await hasStamp(file, stamp)) && (png === null || (await exists(png)))) {
      result.unchanged.push(file);
      continue;
    }
    const svg = await renderFigure(figure.spec);
    await writeFile(file, svg);
    result.written.push(file);
    if (png !== null) {
      await writeFile(png, await svgToPng(svg));
      result.written.push(png);
    }
  }
  options.signal?.throwIfAborted();
  const texts: [string, string][] = [
    [SUMMARY_CSV, summaryCsv(results)],
    [EPOCHS_CSV, epochsCsv(results)],
    [REPORT_HTML, reportHtml({ results, configs, importance: importance(results), libraries: await browserLibraries() })],
    [SUMMARY_MD, summaryMarkdown(results, configs, figures)],
  ];
  for (const [name, content] of texts) {
    options.signal?.throwIfAborted();
    const file = await reportPath(sweepDir, name);
    (await writeIfChanged(file, content)) ? result.written.push(file) : result.unchanged.push(file);
  }
  return result;
}
