/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from their npm packages (each package's
 * `unpkg` file, its minified browser build), to be inlined into report.html so that the page works offline.
 * Read once per process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Library {
  name: string;
  version: string;
  source: string;
}

const LIBRARIES = ['vega', 'vega-lite', 'vega-embed'] as const;

/** The package's folder: up from its entry point to the package.json that names it. */
async function packageDir(name: string): Promise<{ dir: string; manifest: { version: string; unpkg?: string } }> {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name === name) return { dir, manifest };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name} above ${fileURLToPath(import.meta.resolve(name))}`);
    dir = parent;
  }
}

async function readLibrary(name: string): Promise<Library> {
  const { dir, manifest } = await packageDir(name);
  if (manifest.unpkg === undefined) throw new Error(`${name}@${manifest.version} names no browser build (no "unpkg" field)`);
  return { name, version: manifest.version, source: await readFile(path.join(dir, manifest.unpkg), 'utf8') };
}

let cached: Promise<Library[]> | null = null;

/** Vega, Vega-Lite, vega-embed, in the order the page must load them. */
export function browserLibraries(): Promise<Library[]> {
  cached ??= Promise.all(LIBRARIES.map(readLibrary));
  cached.catch(() => {
    cached = null;
  });
  return cached;
}
