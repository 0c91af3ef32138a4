/**
 * The append-only journal writer: one JSON line per finished job, written with a single write call
 * and fsync'd before the next job's result is taken, so a crash, a kill or a full disk loses at most
 * the record being written, never one before it. Only the coordinator writes a journal.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MlpSweepError } from '../errors.js';
import { JOURNAL_FILE, type JobRecord } from './record.js';

export class JournalWriteError extends MlpSweepError {
  constructor(file: string, jobId: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code;
    super('JOURNAL_WRITE', `cannot append the record of job ${jobId} to ${file}: ${code ?? String(cause)}; the run stopped, and that job runs again on resume`, {
      hint:
        code === 'ENOSPC'
          ? 'the disk is full: free space and run the same command again; every record written before is kept'
          : 'every record written before is kept; fix the cause and run the same command again to resume',
      cause,
    });
  }
}

export class JournalWriter {
  readonly file: string;
  private fd: number;

  constructor(sweepDir: string) {
    this.file = path.join(sweepDir, JOURNAL_FILE);
    this.fd = openSync(this.file, 'a+');
    // A torn last record (a kill mid-write) has no newline: end it, so the next record starts on its
    // own line and the torn one stays a single unreadable line that readers skip with a warning.
    const size = fstatSync(this.fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(this.fd, '\n');
    }
  }

  append(record: JobRecord): void {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    try {
      let written = 0;
      while (written < line.length) written += writeSync(this.fd, line, written, line.length - written);
      fsyncSync(this.fd);
    } catch (error) {
      throw new JournalWriteError(this.file, record.id, error);
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
