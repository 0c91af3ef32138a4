/**
 * What the report's figures use of Vega and Vega-Lite, in one module: `npm run build` replaces this
 * file's compiled form by a single-file bundle of them (scripts/bundle-vendor.ts). The packages' own
 * entries are several hundred ES module files (vega's ~30 packages, d3's), loaded before the first
 * figure; the bundle is the same code in one file, several times faster to load. A build that skips
 * that step re-exports the packages themselves: the same figures, only slower to start.
 */
export { parse, version as vegaVersion, View } from 'vega';
export { compile, version as vegaLiteVersion } from 'vega-lite';
