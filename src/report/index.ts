/** The public surface of reports: write a sweep's report, and the pure reporters it is made of. */
export { writeReport, SUMMARY_CSV, EPOCHS_CSV, SUMMARY_MD, REPORT_HTML, type ReportOptions, type ReportResult } from './report.js';
export { loadSweepResults } from './load.js';
export { PLAN_FILE } from '../journal/plan-file.js';
export { ReportError } from './errors.js';
export type { SweepResults, ReportJob, ReportStatus } from './results.js';
export type { ReportRecord, ReportSettings, ReportEpoch } from './record.js';
export { configurations, type Configuration } from './aggregate.js';
export { stat, type Stat } from './stat.js';
export { summaryCsv, epochsCsv } from './csv.js';
export { summaryMarkdown } from './markdown.js';
export { pivotTables } from './pivot.js';
export { reportFigures, type Figure, type FigureOptions } from './figures/catalogue.js';
export { jobLossFigure } from './figures/job-loss.js';
export { validationCurvesFigure } from './figures/validation-curves.js';
export { accuracyBySettingFigure } from './figures/accuracy-by-setting.js';
export { gradcheckFigure } from './figures/gradcheck.js';
export { preloadFigures, renderSvg } from './render.js';
