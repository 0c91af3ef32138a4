/**
 * The process `run` draws its reports in: a child Node process of its own, every thread of it at the
 * lowest scheduling priority the system gives (./report-child.ts: Linux's SCHED_IDLE for its main thread
 * through the native addon, nice 19 for every thread), so a refresh while every core trains takes only
 * what training leaves, and the report's modules and figure libraries load there, beside the first jobs,
 * not on the main thread at the end. When nothing trains (the final report) it still has the machine.
 *
 * A process, not a worker thread: a worker thread's JavaScript shares the process's V8 helper threads
 * (compilation, garbage collection), which run at normal priority whatever the thread's own, and loading
 * and drawing Vega in one cost a two-second sweep on both cores 3–8% of its training speed
 * (docs/PERFORMANCE.md). A child's helpers are its own, and lowered with it.
 *
 * Requests run one after another, in order; a live refresh (not final) is skipped, or stopped between
 * two files, once a newer request for its folder has come. A child that cannot start or dies leaves the reports to the
 * main thread (refreshReport), as before; the child ends when its channel closes (this process ended).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setPriority, constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { refreshReport } from './refresh-report.js';

export interface ReportReply {
  /** The report's summary.md; null for a live refresh the child skipped or stopped, a newer request for the folder having come. */
  summary: string | null;
  warnings: string[];
}

/** What the child says once it has lowered its threads' priority: in words, and its pid (also the id of its drawing thread, the main one). */
export interface ReportPriority {
  priority: string;
  pid: number | null;
}

type Reply =
  | { id: number; ok: true; summary: string; warnings: string[] }
  | { id: number; ok: true; skipped: true }
  | { id: number; ok: false; message: string };

export class ReportProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { resolve: (r: ReportReply) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;
  private readonly onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
  readonly priority: Promise<ReportPriority>;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./report-child.js', import.meta.url)), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // the child's own flags, not this process's (a --cpu-prof or --inspect of the command stays here)
      execArgv: [],
      serialization: 'advanced',
    });
    // lowered at once too, so the threads Node starts in it inherit the lowest priority (it lowers them
    // all itself as well, once it runs)
    try {
      if (this.child.pid !== undefined) setPriority(this.child.pid, constants.priority.PRIORITY_LOW);
    } catch {
      // the child lowers its own
    }
    let said!: (what: ReportPriority) => void;
    this.priority = new Promise((resolve) => (said = resolve));
    this.child.on('message', (message: Reply | ReportPriority) => {
      if ('priority' in message) {
        said(message);
        return this.received();
      }
      const pending = this.waiting.get(message.id);
      if (pending === undefined) return;
      this.waiting.delete(message.id);
      this.received();
      if (!message.ok) pending.reject(new Error(message.message));
      else if ('skipped' in message) pending.resolve({ summary: null, warnings: [] });
      else pending.resolve({ summary: message.summary, warnings: message.warnings });
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      said({ priority: `not started: ${error.message}`, pid: null });
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
      this.awaited = 0;
      this.child.channel?.unref();
    };
    this.child.on('error', fail);
    this.onExit = (code, signal) => fail(new Error(`the report process exited (${signal ?? code})`));
    this.child.on('exit', this.onExit);
    this.child.unref();
  }

  /**
   * Replies awaited from the child, its first (the priority) from the start: while any is, its channel
   * keeps this process alive; once none is, this process may end without it.
   */
  private awaited = 1;

  private expecting(): void {
    if (this.awaited++ === 0) this.child.channel?.ref();
  }

  private received(): void {
    if (--this.awaited === 0) this.child.channel?.unref();
  }

  write(dir: string, final: boolean): Promise<ReportReply> {
    if (this.failure || !this.child.connected) return refreshReport(dir, final);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.expecting();
      this.child.send({ id, dir, final }, (error) => {
        if (error && this.waiting.delete(id)) {
          this.received();
          reject(error);
        }
      });
    });
  }

  /** Ends the child (its channel closes, it exits) and waits for it. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.off('exit', this.onExit);
    const exited = once(this.child, 'exit');
    // awaited: the child's exit must keep this process alive until it comes
    this.child.ref();
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
    await exited;
  }
}
