/**
 * Writes a whole file so that a reader sees either the old content or the new, never half of it: the
 * content goes to a temporary file in the same folder (so the rename cannot cross file systems), is
 * flushed to disk, then renamed over the target. A crash leaves at worst a stray `.*.tmp` file.
 * Used for plan.json and every report file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
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
