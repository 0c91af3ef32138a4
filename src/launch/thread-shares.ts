/**
 * How the pool shares its cores among the jobs it runs: one shared Int32 cell per slot (a running job),
 * which the job's native kernels read before each product (src/kernels/native/kernels.ts,
 * setNativeThreadsSource). While every worker has a job, each job gets one thread; when fewer jobs
 * than workers remain (a sweep's tail, or a single job), the running ones split the idle cores. The
 * thread count never changes results (the kernels split output columns; every element keeps its chain).
 */
export class ThreadShares {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  private readonly busy: boolean[];

  constructor(private readonly cores: number) {
    this.buffer = new SharedArrayBuffer(4 * Math.max(1, cores));
    this.cells = new Int32Array(this.buffer);
    this.busy = Array.from({ length: Math.max(1, cores) }, () => false);
  }

  /** A slot for a job that starts now; the shares are recomputed. */
  take(): number {
    let slot = this.busy.indexOf(false);
    if (slot < 0) slot = 0; // more jobs than cores cannot happen (the coordinator keeps ≤ concurrency)
    this.busy[slot] = true;
    this.share();
    return slot;
  }

  release(slot: number): void {
    this.busy[slot] = false;
    this.share();
  }

  /** The threads the job in `slot` may use now. */
  threadsOf(slot: number): number {
    return Atomics.load(this.cells, slot);
  }

  /** floor(cores / running) each, the remainder to the lowest slots. */
  private share(): void {
    const running = this.busy.filter(Boolean).length;
    let rank = 0;
    this.busy.forEach((busy, slot) => {
      const threads = busy ? Math.floor(this.cores / running) + (rank++ < this.cores % running ? 1 : 0) : 1;
      Atomics.store(this.cells, slot, Math.max(1, Math.min(64, threads)));
    });
  }
}
