/**
 * The one module that writes report files, each atomically: the content goes to a temporary file in the
 * same folder (so the rename cannot cross file systems), is flushed to disk, then renamed over the target.
 * A reader (a browser refreshing summary.md, a spreadsheet) sees the old file or the new one, never half
 * of one, and a crash leaves at worst a stray `.*.tmp` file, never a truncated report.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      // Flushed before the rename: otherwise a power cut could persist the rename but not the content.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

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
