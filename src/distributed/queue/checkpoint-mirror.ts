/**
 * Mirrors one running job's local checkpoint file into its attached checkpoint (attached-checkpoint.ts).
 * Training writes checkpoints on its own thread, atomically (a rename into the folder); the worker's main
 * thread sees each rename at once through fs.watch (a poll every second catches whatever a watch
 * misses), reads the file and attaches it. One upload at a time: a checkpoint written during an upload
 * is attached after it, and any in between are skipped, so a slow Redis costs freshness, never memory.
 * Training never waits for an upload, and a failed upload is a warning, never the job's failure.
 */
import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AttachedCheckpoints } from './attached-checkpoint.js';

const POLL_MS = 1000;

export class CheckpointMirror {
  /** ino:size:mtime of the file last attached (or found over the limit). */
  private last = '';
  private busy: Promise<void> | null = null;
  private again = false;
  private warned = false;
  private readonly watcher: FSWatcher | null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly queueId: string,
    private readonly attached: AttachedCheckpoints,
    private readonly warn: (message: string) => void,
  ) {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    let watcher: FSWatcher | null = null;
    try {
      watcher = watch(dir, (_event, name) => {
        if (name === path.basename(file)) this.poke();
      });
      watcher.on('error', () => {});
    } catch {
      // no watch on this file system: the poll alone
    }
    this.watcher = watcher;
    this.timer = setInterval(() => this.poke(), POLL_MS);
    this.timer.unref();
  }

  /** Stops watching, attaches the file once more if it changed, and resolves when that upload ends. */
  async close(): Promise<void> {
    this.watcher?.close();
    clearInterval(this.timer);
    this.poke();
    await this.busy;
  }

  private poke(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = this.upload().finally(() => (this.busy = null));
  }

  private async upload(): Promise<void> {
    do {
      this.again = false;
      try {
        const info = await stat(this.file);
        const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
        if (version === this.last) continue;
        this.last = version;
        if (info.size > this.attached.limitBytes) {
          this.overLimit(info.size);
          continue;
        }
        const bytes = await readFile(this.file);
        if (!(await this.attached.attach(this.key, this.queueId, bytes))) this.overLimit(bytes.length);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // not written yet, or the job just ended
        this.warn(`job ${this.queueId}: its checkpoint could not be attached at ${this.key} (${code ?? (error as Error).message}); it goes on`);
      }
    } while (this.again);
  }

  private overLimit(size: number): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(
      `job ${this.queueId}: its checkpoint is ${size} bytes, over --attach-limit (${this.attached.limitBytes} bytes): not attached, ` +
        'so if this worker dies the job starts again from epoch 0 on another (raise --attach-limit to attach it)',
    );
  }
}
