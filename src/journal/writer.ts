/**
 * The append-only journal writer: one JSON line per finished job, written with a single write call
 * and fsync'd before the next job's result is taken, so a crash, a kill or a full disk loses at most
 * the record being written, never one before it. Only the coordinator writes a journal.
 */
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MlpSweepError } from '../errors.js';
import { FileSystemError, isSystemError } from '../fs/errors.js';
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

/**
 * A record is written with its newline in one call, so a file that does not end in a newline ends in
 * a torn record. It is cut off, back to the last newline (the job it was for is not recorded, so it
 * runs again): otherwise its unreadable line would be warned about on every later read. A last line
 * that is whole JSON only lacking its newline gets the newline instead.
 */
function repairTornTail(fd: number, file: string): string | null {
  const size = fstatSync(fd).size;
  if (size === 0) return null;
  const window = Math.min(size, 1 << 20);
  const tail = Buffer.alloc(window);
  readSync(fd, tail, 0, window, size - window);
  if (tail[window - 1] === 0x0a) return null;
  const newline = tail.lastIndexOf(0x0a);
  const start = newline >= 0 ? size - window + newline + 1 : size - window;
  if (newline < 0 && size > window) return null; // a last line over 1 MiB is no record of ours: left to the readers
  try {
    JSON.parse(tail.subarray(start - (size - window)).toString('utf8'));
    writeSync(fd, '\n');
    return null;
  } catch {
    ftruncateSync(fd, start);
    fsyncSync(fd);
    return `${file}: removed a torn last record (${size - start} bytes, cut short by a kill or a full disk); its job runs again`;
  }
}

export class JournalWriter {
  readonly file: string;
  private fd: number;
  /** Set when opening cut off a torn last record (a kill or a full disk mid-write): what was removed. */
  readonly repaired: string | null = null;

  constructor(sweepDir: string) {
    this.file = path.join(sweepDir, JOURNAL_FILE);
    try {
      // never through a symbolic link: the journal is the folder's own file, not wherever a link points
      this.fd = openSync(this.file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ELOOP') {
        throw new MlpSweepError('JOURNAL_WRITE', `${this.file} is a symbolic link, not a journal`, {
          hint: 'a journal is a plain file written by mlp-sweep in its results folder; move the link aside',
        });
      }
      throw isSystemError(error) ? new FileSystemError(error, this.file) : error;
    }
    this.repaired = repairTornTail(this.fd, this.file);
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
