/**
 * What mlp-sweep uses of the `yaml` package, in one module: `npm run build` replaces this file's
 * compiled form by a single-file bundle of it (scripts/bundle-vendor.ts). The package's own entry is 73
 * CommonJS files that Node reads one by one, synchronously, on the main thread, before a command can
 * read a sweep file; the bundle is the same code in one file. A build that skips that step re-exports
 * the package itself: the same behaviour, only slower to load.
 */
export { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
export type { Document, Node } from 'yaml';
