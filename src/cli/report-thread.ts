/**
 * The thread `run` draws its reports on: a worker thread of its own, at the lowest scheduling priority
 * the system gives a thread (Linux: SCHED_IDLE through the native addon, else nice 19 on the thread's
 * id; ./report-worker.ts), so a refresh while
 * every core trains takes only what training leaves, and the report's modules and figure libraries
 * load there, beside the first jobs, not on the main thread at the end. When nothing trains (the final
 * report), the lowest priority still has the whole machine. Requests run one after another, in order.
 * A thread that cannot start or dies leaves the reports to the main thread (refreshReport), as before.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { refreshReport } from './refresh-report.js';

export interface ReportReply {
  summary: string;
  warnings: string[];
}

type Reply = { id: number; ok: true; summary: string; warnings: string[] } | { id: number; ok: false; message: string };

export class ReportThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: ReportReply) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;
  /** What the thread said about its priority once it started, and its thread id where the system has one. */
  readonly priority: Promise<{ priority: string; tid: number | null }>;

  constructor() {
    this.worker = new Worker(fileURLToPath(new URL('./report-worker.js', import.meta.url)));
    this.worker.unref();
    let said!: (what: { priority: string; tid: number | null }) => void;
    this.priority = new Promise((resolve) => (said = resolve));
    this.worker.on('message', (message: Reply | { priority: string; tid: number | null }) => {
      if ('priority' in message) return said(message);
      const pending = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) pending?.resolve({ summary: message.summary, warnings: message.warnings });
      else pending?.reject(new Error(message.message));
    });
    const fail = (error: Error): void => {
      this.failure = error;
      said({ priority: `not started: ${error.message}`, tid: null });
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the report thread exited (${code})`)));
  }

  /** Rewrites the report of the sweep in `dir` (per-job figures too when `final`). */
  write(dir: string, final: boolean): Promise<ReportReply> {
    if (this.failure) return refreshReport(dir, final);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, dir, final });
    });
  }

  async close(): Promise<void> {
    await this.priority; // started (a thread ended while it starts can take the process with it on Node 20)
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
