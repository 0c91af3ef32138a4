/**
 * Keeps a sweep's report current while it runs, off the training's way: a finished job asks for a
 * refresh, and refreshes run one at a time, the first REFRESH_DELAY_MS after the record that asked and
 * then at most one every REFRESH_INTERVAL_MS (or 25 times the last refresh's time, when longer: a big
 * sweep's report refreshes less often), each covering every sweep that asked meanwhile (per-job
 * figures only at the end, so a refresh stays cheap). When the run ends, a refresh not yet started is
 * dropped and one under way is not waited for: the final report replaces both (the report process skips
 * or stops a refresh of a folder once a newer request for it has come; on the calling thread, the
 * report's queue per folder runs the final one after it). A refresh that ends after that says nothing.
 * A failure to report is a warning, never a lost result: the journal already holds the record.
 *
 * `run` gives the refreshes to its report process (./report-process.ts), at the lowest priority, so on a
 * machine whose every core trains they take only what training leaves (#16: training examples/s with
 * and without --no-report within 2%); the throttle keeps even that small.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
// the report's modules (and its figure libraries) load with the first refresh, not with the CLI
const reporting = () => import('../report/index.js');

/** Rebuilds the report of the sweep in `dir`; returns the path of its summary.md and the report's warnings. */
export async function refreshReport(dir: string, final = false): Promise<{ summary: string; warnings: string[] }> {
  const { SUMMARY_MD, writeReport } = await reporting();
  const result = await writeReport(dir, { jobFigures: final });
  return { summary: path.join(dir, SUMMARY_MD), warnings: result.warnings };
}

/** A record's refresh waits this long, so the last jobs of a run leave it to the final report. */
export const REFRESH_DELAY_MS = 1_000;
/** At most one refresh per this interval... */
export const REFRESH_INTERVAL_MS = 5_000;
/** ...and per this many times the last refresh's own time, so refreshes take at most 1/25 of one core. */
export const REFRESH_COST_FACTOR = 25;

export interface RefresherOptions {
  delayMs?: number;
  intervalMs?: number;
  /** The next refresh waits at least this many times the last one's own time (default REFRESH_COST_FACTOR). */
  costFactor?: number;
  /** What a refresh does (tests count them): refreshReport by default. */
  refresh?: (dir: string) => Promise<{ warnings: string[] }>;
}

export class ReportRefresher {
  private readonly asked = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastEnd = -Infinity;
  private lastCost = 0;
  private closed = false;

  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly costFactor: number;
  private readonly refresh: (dir: string) => Promise<{ warnings: string[] }>;

  constructor(
    private readonly warn: (message: string) => void,
    options: RefresherOptions = {},
  ) {
    this.delayMs = options.delayMs ?? REFRESH_DELAY_MS;
    this.intervalMs = options.intervalMs ?? REFRESH_INTERVAL_MS;
    this.costFactor = options.costFactor ?? REFRESH_COST_FACTOR;
    this.refresh = options.refresh ?? ((dir) => refreshReport(dir));
  }

  /** A record of the sweep in `dir` was journaled. */
  requested(dir: string): void {
    if (this.closed) return;
    this.asked.add(dir);
    this.schedule();
  }

  /** The run is over: drops a refresh not yet started, and leaves the one under way to the final report. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.asked.clear();
  }

  private schedule(): void {
    if (this.closed || this.running || this.timer || this.asked.size === 0) return;
    const interval = Math.max(this.intervalMs, this.costFactor * this.lastCost);
    const wait = Math.max(this.delayMs, this.lastEnd + interval - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const started = performance.now();
      this.running = this.refreshAsked().finally(() => {
        this.running = null;
        this.lastEnd = performance.now();
        this.lastCost = this.lastEnd - started;
        this.schedule();
      });
    }, wait);
    this.timer.unref();
  }

  private async refreshAsked(): Promise<void> {
    const dirs = [...this.asked];
    this.asked.clear();
    for (const dir of dirs) {
      if (this.closed) return;
      try {
        const { warnings } = await this.refresh(dir);
        if (!this.closed) for (const warning of warnings) this.warn(warning);
      } catch (error) {
        if (!this.closed) this.warn(`report of ${dir} not refreshed: ${(error as Error).message}`);
      }
    }
  }
}
