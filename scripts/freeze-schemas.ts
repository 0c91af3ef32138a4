/**
 * `npm run build`'s step after tsc: the schema modules, which export plain data built with TypeBox, are
 * evaluated here once, and each compiled file (dist/src/<module>.js) is replaced by its value written as
 * JSON. No command then loads TypeBox: ~230 module files, ~0.09 s in the main thread and again in every
 * pool thread (docs/PERFORMANCE.md). TypeBox stays the source of the schemas and of their static types
 * (the .d.ts files tsc wrote are left as they are).
 *
 *   node dist/scripts/freeze-schemas.js
 *
 * Every module is evaluated before any is written, since a module's value includes what it imports.
 * tsc rewrites every file it compiles (the project builds without `incremental`), so a build that skips
 * this step runs the TypeBox modules themselves: the same values, only slower. An export that is not
 * plain data (a function, a class, undefined, a number JSON cannot hold) fails the build, naming it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The schema modules, from src/: each says "Plain data only" in its header (a test checks both ways). */
export const SCHEMA_MODULES: readonly string[] = [
  'core/settings-schema',
  'sweep/search/schema',
  'sweep/schema',
  'journal/record',
  'journal/decision-schema',
  'journal/checkpoint/state-schema',
  'distributed/job-message-schema',
];

/** The first line of a frozen file. */
export const FROZEN_HEADER = '// frozen by scripts/freeze-schemas.ts:';

/** dist/src, from this script's folder (dist/scripts). */
export const DIST_SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Throws unless `value` is what JSON writes back unchanged: null, booleans, strings, finite numbers,
 * arrays and plain objects of them. Symbol keys (TypeBox's Kind markers, read only by TypeBox itself) are
 * left out, as JSON leaves them.
 */
export function checkPlainData(value: unknown, where: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${where} is ${value}, which JSON cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new Error(`${where}[${i}] is a hole, which JSON cannot hold`);
      checkPlainData(value[i], `${where}[${i}]`);
    }
    return;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw new Error(`${where} is a ${(value as object).constructor?.name ?? 'class instance'}, not plain data: move it out of the schema module`);
    }
    for (const [key, item] of Object.entries(value)) checkPlainData(item, `${where}.${key}`);
    return;
  }
  throw new Error(`${where} is a ${typeof value}, not plain data: move it out of the schema module`);
}

/** The frozen module of the module `name` whose exports are `exports`. */
export function frozenModuleText(name: string, exports: Readonly<Record<string, unknown>>): string {
  const lines = [`${FROZEN_HEADER} the value of src/${name}.ts, evaluated at build time; do not edit`];
  for (const [key, value] of Object.entries(exports)) {
    checkPlainData(value, `src/${name}.ts: ${key}`);
    // JSON.parse of a string literal: V8 reads large data faster this way than as an object literal
    const json = JSON.stringify(JSON.stringify(value));
    lines.push(key === 'default' ? `export default JSON.parse(${json});` : `export const ${key} = JSON.parse(${json});`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether the compiled file at `file` is a frozen one. */
export function isFrozen(file: string): boolean {
  return readFileSync(file, 'utf8').startsWith(FROZEN_HEADER);
}

/** Evaluates every schema module of `distSrc`, then writes each one's value over its compiled file; returns the files. */
export async function freezeSchemas(distSrc = DIST_SRC): Promise<string[]> {
  const files = SCHEMA_MODULES.map((name) => path.join(distSrc, `${name}.js`));
  const values = await Promise.all(files.map(async (file) => ({ ...((await import(pathToFileURL(file).href)) as Record<string, unknown>) })));
  const texts = values.map((exports, i) => frozenModuleText(SCHEMA_MODULES[i], exports));
  files.forEach((file, i) => {
    writeFileSync(file, texts[i]);
    // the source map was tsc's, of the TypeBox code
    rmSync(`${file}.map`, { force: true });
  });
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await freezeSchemas();
  process.stdout.write(`froze ${files.length} schema modules in ${path.relative(process.cwd(), DIST_SRC)}\n`);
}
