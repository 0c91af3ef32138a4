/**
 * Files and folders → checked sweeps and their plans, or every problem of every file. The stages, each a
 * function over plain records: read → parse (parse.ts) → validate (validate.ts) → plan (planner.ts).
 * Problems of all stages are positioned in the YAML source (positions.ts).
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareDiagnostics, show, type Diagnostic } from './diagnostics.js';
import { echoDiagnostic } from './echo.js';
import { SweepFileError } from './errors.js';
import type { Plan } from './job.js';
import { parseSweepSource, type ParsedSource } from './parse.js';
import { planSweep, type PlanOptions } from './planner.js';
import { locate } from './positions.js';
import type { Sweep } from './sweep.js';
import { validateSweep } from './validate.js';
import { MAX_NAME_LENGTH } from './schema.js';

export interface LoadedSweep {
  file: string;
  sweep: Sweep;
  plan: Plan;
  /** Things worth saying that do not make the file invalid: merged duplicate jobs, YAML warnings. */
  notices: Diagnostic[];
}

export type SweepCheck = ({ ok: true } & LoadedSweep) | { ok: false; file: string; diagnostics: Diagnostic[] };

/** Checks one file's text, named `file` in messages. Never throws for a problem of the file. */
export function checkSweepText(text: string, file: string, options: PlanOptions = {}): SweepCheck {
  return checkSource(parseSweepSource(text, file), options);
}

function checkSource(source: ParsedSource, options: PlanOptions): SweepCheck {
  const file = source.file;
  const diagnostics = [...source.diagnostics];
  const failed = (): SweepCheck => ({ ok: false, file, diagnostics: diagnostics.map(echoDiagnostic).sort(compareDiagnostics) });
  if (source.value === undefined) return failed();

  const validation = validateSweep(source.value, { defaultName: nameFromFile(file) });
  const validated = validation.ok ? validation.notices : validation.problems;
  diagnostics.push(...validated.map((problem) => locate(source, problem)));
  if (!validation.ok || diagnostics.some((d) => d.severity === 'error')) return failed();

  const planning = planSweep(validation.sweep, options);
  if (!planning.ok) {
    diagnostics.push(...planning.problems.map((problem) => locate(source, problem)));
    return failed();
  }
  const merges = planning.plan.merged.map((merge) =>
    locate(source, {
      path: merge.droppedAt,
      message: `${merge.dropped} is the same job as ${merge.kept} (job ${merge.keptIndex}, id ${merge.id}); it runs once`,
      severity: 'notice',
    }),
  );
  const planNotices = (planning.notices ?? []).map((notice) => locate(source, notice));
  const notices = [...diagnostics, ...merges, ...planNotices].map(echoDiagnostic).sort(compareDiagnostics);
  return { ok: true, file, sweep: validation.sweep, plan: planning.plan, notices };
}

/**
 * A sweep without `name` takes its file's base name (`experiments/lr-sweep.yaml` → lr-sweep), made a safe
 * folder name; none when nothing of it is left (the name is then required).
 */
export function nameFromFile(file: string): string | undefined {
  const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return base === '' ? undefined : base.slice(0, MAX_NAME_LENGTH);
}

/** Loads and plans one sweep file; throws `SweepFileError` with every problem found. */
export async function loadSweepFile(file: string, options: PlanOptions = {}): Promise<LoadedSweep> {
  const [loaded] = await loadSweeps([file], options);
  return loaded;
}

const SWEEP_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Loads every sweep named by `paths`: files as given, folders as the .yaml/.yml files directly inside them,
 * sorted by name. Throws `SweepFileError` with the problems of all files when any file has one.
 */
export async function loadSweeps(paths: readonly string[], options: PlanOptions = {}): Promise<LoadedSweep[]> {
  const diagnostics: Diagnostic[] = [];
  const loaded: LoadedSweep[] = [];
  const sources = new Map<string, ParsedSource>();
  for (const file of await expandPaths(paths, diagnostics)) {
    let text: string;
    try {
      text = await readSweepText(file);
    } catch (error) {
      const message = error instanceof RefusedFile ? error.message : `cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`;
      diagnostics.push(fileDiagnostic(file, message));
      continue;
    }
    const source = parseSweepSource(text, file);
    const check = checkSource(source, options);
    if (check.ok) {
      loaded.push({ file: check.file, sweep: check.sweep, plan: { ...check.plan, source: path.resolve(file) }, notices: check.notices });
      sources.set(file, source);
    } else {
      diagnostics.push(...check.diagnostics);
    }
  }
  diagnostics.push(...sharedNames(loaded, sources));
  if (diagnostics.some((d) => d.severity === 'error')) throw new SweepFileError(diagnostics.map(echoDiagnostic));
  return loaded;
}

/** Sweep files are short; anything larger is not one, and is refused before it is read. */
export const MAX_SWEEP_FILE_BYTES = 1024 * 1024;

class RefusedFile extends Error {}

/**
 * The text of a sweep file, refusing before reading what is not a regular file (a FIFO would block
 * forever, /dev/urandom never ends) or is larger than MAX_SWEEP_FILE_BYTES; at most that many bytes
 * are read even if the file grows meanwhile.
 */
async function readSweepText(file: string): Promise<string> {
  const info = await stat(file);
  if (!info.isFile()) {
    const kind = info.isFIFO() ? 'a FIFO (named pipe)' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isSocket() ? 'a socket' : 'not a file';
    throw new RefusedFile(`is ${kind}, not a regular file; a sweep file must be a regular .yaml file`);
  }
  const tooLarge = (): RefusedFile =>
    new RefusedFile(`is larger than ${MAX_SWEEP_FILE_BYTES / 1024} KiB (${info.size} bytes); a sweep file is a few hundred bytes of YAML`);
  if (info.size > MAX_SWEEP_FILE_BYTES) throw tooLarge();
  // non-blocking, so a file swapped for a FIFO after the stat cannot block the open; checked again on the handle
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new RefusedFile('is not a regular file; a sweep file must be a regular .yaml file');
    const buffer = Buffer.alloc(MAX_SWEEP_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_SWEEP_FILE_BYTES) throw tooLarge();
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

async function expandPaths(paths: readonly string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) {
      diagnostics.push(fileDiagnostic(given, 'no such file or folder'));
    } else if (info.isDirectory()) {
      const names = (await readdir(given)).filter((name) => SWEEP_EXTENSIONS.has(path.extname(name))).sort();
      if (names.length === 0) diagnostics.push(fileDiagnostic(given, 'is a folder with no .yaml or .yml sweep files'));
      for (const name of names) add(path.join(given, name));
    } else {
      add(given);
    }
  }
  return files;
}

function fileDiagnostic(file: string, message: string): Diagnostic {
  return { file, line: 1, col: 1, path: '(file)', message, severity: 'error' };
}

/** Two sweeps with one name would write into one results folder. */
function sharedNames(loaded: readonly LoadedSweep[], sources: ReadonlyMap<string, ParsedSource>): Diagnostic[] {
  const firstFile = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { file, sweep } of loaded) {
    const first = firstFile.get(sweep.name);
    if (first === undefined) {
      firstFile.set(sweep.name, file);
      continue;
    }
    diagnostics.push(
      locate(sources.get(file)!, {
        path: ['name'],
        message: `is also the name of the sweep in ${first}; each sweep needs its own results folder`,
        got: show(sweep.name),
        hint: 'rename one of the sweeps',
      }),
    );
  }
  return diagnostics;
}
