/**
 * Figure specs to SVG, in Node without a browser or canvas: Vega-Lite compiles the spec to Vega, and a
 * headless Vega view (renderer 'none') writes the SVG. Text widths are estimated (no canvas to measure
 * with), so the figure specs leave room around labels.
 *
 * Each SVG starts with a stamp: a hash of its spec and of the library versions. Rendering costs about
 * 10 ms a figure, so a refresh after every finished job skips a figure whose file already carries the
 * stamp of the spec it would render (its job's record has not changed).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, type FigureSpec } from './figures/theme.js';

type VegaLibraries = typeof import('../vendor/vega.js');
let libraries: Promise<VegaLibraries> | undefined;

/** Vega and Vega-Lite (one bundled file, ../vendor/vega.ts) load with the first figure, not with the CLI. */
function vegaLibraries(): Promise<VegaLibraries> {
  libraries ??= import('../vendor/vega.js');
  return libraries;
}

/** A figure like the report's line charts, drawn once and thrown away: see preloadFigures. */
const WARM_UP: FigureSpec = {
  $schema: SCHEMA,
  title: { text: 'warm-up', subtitle: 'not written' },
  width: WIDTH,
  height: HEIGHT,
  config: CONFIG,
  data: { values: [0, 1, 2].flatMap((epoch) => ['a', 'b'].map((split) => ({ epoch, split, loss: 1 / (epoch + 1) }))) },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'epoch', type: 'quantitative' },
    y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } },
    color: { field: 'split', type: 'nominal' },
  },
};

/**
 * Loads the figure libraries and draws one figure nowhere (`run` does this while its first jobs train):
 * the first drawing of a process costs several times the next ones, the libraries' code being compiled
 * as it runs, and the final report of a short run would pay it after the last job.
 */
export async function preloadFigures(): Promise<void> {
  await renderSvg(WARM_UP);
}

export async function renderSvg(spec: FigureSpec): Promise<string> {
  const { View, compile, parse } = await vegaLibraries();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The first line of a rendered figure: `<!-- mlp-sweep figure <sha256> -->`. */
export async function figureStamp(spec: FigureSpec): Promise<string> {
  const { vegaVersion, vegaLiteVersion } = await vegaLibraries();
  const hash = createHash('sha256').update(`vega ${vegaVersion} vega-lite ${vegaLiteVersion}\n`).update(JSON.stringify(spec)).digest('hex');
  return `<!-- mlp-sweep figure ${hash} -->`;
}

/** The figure's SVG, stamped. */
export async function renderFigure(spec: FigureSpec): Promise<string> {
  return `${await figureStamp(spec)}\n${await renderSvg(spec)}\n`;
}

/** Whether `file` exists and starts with `stamp` (then it holds this spec's figure already). */
export async function hasStamp(file: string, stamp: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(Buffer.byteLength(stamp));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === buffer.length && buffer.toString('utf8') === stamp;
  } finally {
    await handle.close();
  }
}
