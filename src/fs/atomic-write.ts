/**
 * Writes a whole file so that a reader sees either the old content or the new, never half of it: the
 * content goes to a temporary file in the same folder (so the rename cannot cross file systems), is
 * flushed to disk, then renamed over the target. A crash leaves at worst a stray `.*.tmp` file.
 * Used for plan.json and every report file.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
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

/** `.<name>.<pid>-<8 hex>.tmp`: the temporary files writeFileAtomic makes. */
const TEMPORARY = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that killed writers left in `dir` and the folders under it (a kill
 * between the write and the rename), leaving those of live processes (a `report` at work). Called by
 * the run holding the folder's lock, so no run of its own is writing them.
 */
export function removeStrayTemporaries(dir: string): number {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const match = TEMPORARY.exec(entry.name);
    if (!match || !entry.isFile() || alive(Number(match[1]))) continue;
    rmSync(path.join(entry.parentPath, entry.name), { force: true });
    removed++;
  }
  return removed;
}
