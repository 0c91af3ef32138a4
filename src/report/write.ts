/**
 * The one module that writes report files, each atomically: the content goes to a temporary file in the
 * same folder (so the rename cannot cross file systems), is flushed to disk, then renamed over the target.
 * A reader (a browser refreshing summary.md, a spreadsheet) sees the old file or the new one, never half
 * of one, and a crash leaves at worst a stray `.*.tmp` file, never a truncated report.
 */
import { lstat, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { onFile } from '../fs/errors.js';
import { ReportError } from './errors.js';

export { writeFileAtomic };

const unsafe = (file: string, why: string): ReportError =>
  new ReportError('UNSAFE_PATH', `${file}: ${why}; a report writes only inside its results folder`, {
    hint: 'replace it with a plain folder or file (or remove it), then report again',
  });

/**
 * `dir`/`relative` (a path with `/` separators), refused unless it stays inside `dir`: no `..` or
 * absolute part, and no symbolic link on the way (a symlinked figures/ would send files elsewhere)
 * or as the file itself.
 */
export async function reportPath(dir: string, relative: string): Promise<string> {
  const parts = relative.split('/');
  const root = path.resolve(dir);
  const file = path.resolve(root, ...parts);
  if (parts.some((p) => p === '' || p === '.' || p === '..') || !file.startsWith(root + path.sep)) {
    throw unsafe(path.join(dir, relative), 'would lie outside the results folder');
  }
  for (let i = 1; i <= parts.length; i++) {
    const at = path.join(dir, ...parts.slice(0, i));
    const info = await lstat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info === null) break;
    if (info.isSymbolicLink()) throw unsafe(at, 'is a symbolic link');
    if (i < parts.length && !info.isDirectory()) throw unsafe(at, 'is not a folder');
  }
  return path.join(dir, ...parts);
}

/** Writes `content` unless `file` holds it already; returns whether it wrote. Creates the folder if needed. */
export function writeIfChanged(file: string, content: string): Promise<boolean> {
  return onFile(file, async () => {
    try {
      if ((await readFile(file, 'utf8')) === content) return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(path.dirname(file), { recursive: true });
    }
    await writeFileAtomic(file, content);
    return true;
  });
}

/** Writes `content` (a figure whose stamp said it changed), creating the folder if needed. */
export function writeFile(file: string, content: string | Uint8Array): Promise<void> {
  return onFile(file, async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, content);
  });
}
