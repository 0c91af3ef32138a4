/**
 * PNG copies of the figures (`mlp-sweep report --png`), for papers and slides: the SVG that Vega rendered
 * from the same Vega-Lite spec, rasterised by sharp (libvips and librsvg, shipped as npm packages, so
 * nothing is downloaded or compiled at install). At 192 dpi, twice the SVG's pixel size, on white.
 * (node-canvas, the other well-kept renderer, needs Cairo's headers or a prebuilt binary fetched at install.)
 */
/** Loaded on first use: libvips takes about 200 ms to load, and every command of the CLI would pay it. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg), { density: 192 }).flatten({ background: '#ffffff' }).png().toBuffer();
}

/** figures/x.svg → figures/x.png */
export function pngPath(svgPath: string): string {
  return svgPath.replace(/\.svg$/, '.png');
}
