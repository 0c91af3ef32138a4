import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import * as yaml from 'yaml';
import { BUNDLED_HEADER, DIST_VENDOR, vendorModules } from '../../scripts/bundle-vendor.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, type FigureSpec } from '../../src/report/figures/theme.js';
import * as bundled from '../../src/vendor/vega.js';
import * as bundledYaml from '../../src/vendor/yaml.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const SPEC: FigureSpec = {
  $schema: SCHEMA,
  title: { text: 'bundle check', subtitle: 'a line, a log scale, a heatmap' },
  width: WIDTH,
  height: HEIGHT,
  config: CONFIG,
  data: { values: [0, 1, 2, 3].flatMap((epoch) => ['a', 'b'].map((split) => ({ epoch, split, loss: 1 / (epoch + 1), q: epoch * 0.3 }))) },
  layer: [
    {
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative' },
        y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } },
        color: { field: 'split', type: 'nominal' },
      },
    },
    { mark: 'rect', encoding: { x: { field: 'epoch', type: 'ordinal' }, y: { field: 'split', type: 'nominal' }, color: { field: 'q', type: 'quantitative' } } },
  ],
} as FigureSpec;

async function svgWith(View: typeof vega.View, parse: typeof vega.parse, compile: typeof vegaLite.compile): Promise<string> {
  const view = new View(parse(compile(SPEC).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

test('the build bundled each vendor module into one file that imports no package', (t) => {
  const files = vendorModules();
  t.deepEqual(files.map((file) => path.basename(file)).sort(), ['vega.js', 'yaml.js']);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    t.true(text.startsWith(`${BUNDLED_HEADER} ${path.basename(file)}`), `${file} is the bundle`);
    // only Node's built-ins stay imports
    const imported = [...text.matchAll(/^import .* from ['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    t.true(imported.every((name) => isBuiltin(name)), imported.join(', '));
  }
  t.is(path.resolve(DIST_VENDOR), path.dirname(files[0]));
});

test('the bundled Vega and Vega-Lite draw the same SVG, bit for bit, as the packages themselves', async (t) => {
  t.is(bundled.vegaVersion, vega.version);
  t.is(bundled.vegaLiteVersion, vegaLite.version);
  const fromBundle = await svgWith(bundled.View, bundled.parse, bundled.compile);
  const fromPackages = await svgWith(vega.View, vega.parse, vegaLite.compile);
  t.true(fromBundle.includes('<svg') && fromBundle.length > 5_000);
  t.is(fromBundle, fromPackages);
});

test('the bundled yaml reads every bundled sweep file to the same values and positions as the package', (t) => {
  const dir = path.join(PROJECT_ROOT, 'experiments');
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  t.true(names.length >= 3);
  for (const name of names) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const ours = bundledYaml.parseDocument(text, { lineCounter: new bundledYaml.LineCounter() });
    const theirs = yaml.parseDocument(text, { lineCounter: new yaml.LineCounter() });
    t.deepEqual(ours.toJS(), theirs.toJS(), name);
    t.deepEqual(ours.contents?.range, theirs.contents?.range, name);
    t.deepEqual(ours.errors.map((e) => e.message), theirs.errors.map((e) => e.message), name);
  }
});
