/**
 * File-system failures as one line that names the path and the cause in words, never a stack trace:
 * `results/quick/summary.md: no space left on the device (ENOSPC)`.
 */
import { MlpSweepError } from '../errors.js';

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EFBIG: 'the file is too large',
  ENXIO: 'no such device',
};

/** Whether `error` is a Node.js system error (from fs and the like): an `E…` code and a syscall. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

/** `path: cause (CODE)`, with the path the error names unless one is given. */
export function describeSystemError(error: NodeJS.ErrnoException, file?: string): string {
  const where = file ?? error.path ?? (error as { dest?: string }).dest;
  const cause = `${CAUSES[error.code!] ?? error.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')} (${error.code})`;
  return where ? `${where}: ${cause}` : `${error.syscall}: ${cause}`;
}

/** A file-system failure carried as an MlpSweepError, so every command prints it as one line. */
export class FileSystemError extends MlpSweepError {
  constructor(error: NodeJS.ErrnoException, file?: string, hint?: string) {
    super('FILE_SYSTEM', describeSystemError(error, file), { cause: error, hint });
  }
}

/** Runs `fn`, turning a system error into a FileSystemError naming `file`. */
export async function onFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw isSystemError(error) ? new FileSystemError(error, file) : error;
  }
}
