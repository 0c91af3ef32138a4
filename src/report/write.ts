/**
 * The one module that writes report files, each atomically: the content goes to a temporary file in the
 * same folder (so the rename cannot cross file systems), is flushed to disk, then renamed over the target.
 * A reader (a browser refreshing summary.md, a spreadsheet) sees the old file or the new one, never half
 * of one, and a crash leaves at worst a stray `.*.tmp` file, never a truncated report.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';

export { writeFileAtomic };

/** Writes `content` unless `file` holds it already; returns whether it wrote. Creates the folder if needed. */
export async function writeIfChanged(file: string, content: string): Promise<boolean> {
  try {
    if ((await readFile(file, 'utf8')) === content) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true });
  }
  await writeFileAtomic(file, content);
  return true;
}

/** Writes `content` (a figure whose stamp said it changed), creating the folder if needed. */
export async function writeFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, content);
}
