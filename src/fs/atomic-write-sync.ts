/**
 * The synchronous twin of atomic-write.ts, for writers that run inside a training loop on a worker
 * thread (checkpoints): the bytes go to a temporary file in the same folder, are flushed, renamed over
 * the target, and the folder is flushed so the rename itself survives a power cut. A reader sees the
 * old file or the new one, never half of either; a crash leaves at worst a stray `.*.tmp` file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomicSync(file: string, content: Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      let written = 0;
      while (written < content.length) written += writeSync(fd, content, written, content.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/** Flushes a folder's entries (the rename); some platforms cannot open a folder for that, which is harmless. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here (Windows): the file's own flush is what matters most
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
