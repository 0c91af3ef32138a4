/**
 * `npm run build`'s step after tsc: each module of src/vendor/ re-exports what mlp-sweep uses of some
 * dependencies, and its compiled file (dist/src/vendor/<name>.js) is replaced here by one file holding
 * that and everything it imports from the packages (esbuild), so that loading it reads one file instead
 * of the packages' hundreds (Vega and Vega-Lite, before the report's first figure; yaml's 73 CommonJS
 * files, read synchronously on `run`'s main thread while its pool thread and the MNIST thread load
 * beside it). The code is the packages' own as Node would load it (their "node" exports), unminified;
 * the .d.ts files tsc wrote stay as they are.
 *
 *   node dist/scripts/bundle-vendor.js
 *
 * A build that skips this step runs the re-exports themselves: the same behaviour, only slower to load.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The first line of a bundled file. */
export const BUNDLED_HEADER = '// bundled by scripts/bundle-vendor.ts from';

/** dist/src/vendor, from this script's folder (dist/scripts). */
export const DIST_VENDOR = fileURLToPath(new URL('../src/vendor/', import.meta.url));

/** The compiled vendor modules: dist/src/vendor/*.js. */
export function vendorModules(dir = DIST_VENDOR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(dir, name));
}

/** Replaces each compiled vendor module by its single-file bundle; returns the files written. */
export function bundleVendor(dir = DIST_VENDOR): string[] {
  const files = vendorModules(dir);
  for (const file of files) {
    buildSync({
      entryPoints: [file],
      outfile: file,
      allowOverwrite: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // CommonJS code inside an ES module needs a require() for Node's built-ins
      banner: {
        js: [
          `${BUNDLED_HEADER} ${path.basename(file)}`,
          "import { createRequire as __vendorCreateRequire } from 'node:module';",
          'const require = __vendorCreateRequire(import.meta.url);',
        ].join('\n'),
      },
      legalComments: 'inline',
      logLevel: 'error',
    });
    // tsc's source map describes the re-export, not the bundle
    rmSync(`${file}.map`, { force: true });
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const files = bundleVendor();
  console.log(`bundled ${files.length} vendor module${files.length === 1 ? '' : 's'} in dist/src/vendor`);
}
