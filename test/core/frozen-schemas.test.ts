import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Type } from '@sinclair/typebox';
import { checkPlainData, DIST_SRC, frozenModuleText, isFrozen, SCHEMA_MODULES } from '../../scripts/freeze-schemas.js';
import { SweepFileSchema } from '../../src/sweep/schema.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

function files(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file, ending) : file.endsWith(ending) ? [file] : [];
  });
}

/** Every module a compiled file imports, statically, re-exporting or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test('the schema modules are the files of src/ that say they are plain data, and no others', (t) => {
  const declared = files(path.join(PROJECT_ROOT, 'src'), '.ts')
    .filter((file) => readFileSync(file, 'utf8').includes('Plain data only: the build replaces this module by its value'))
    .map((file) => path.relative(path.join(PROJECT_ROOT, 'src'), file).replace(/\.ts$/, ''))
    .sort();
  t.true(declared.length >= 7);
  t.deepEqual(declared, [...SCHEMA_MODULES].sort());
});

test('after the build every schema module is frozen: it imports nothing, and nothing the commands load imports TypeBox', (t) => {
  for (const name of SCHEMA_MODULES) {
    const file = path.join(DIST_SRC, `${name}.js`);
    t.true(isFrozen(file), name);
    t.deepEqual(importsOf(file), [], name);
  }
  const typebox = files(DIST_SRC, '.js').filter((file) => importsOf(file).some((m) => m.startsWith('@sinclair/typebox')));
  // the builders are only for the schema modules, which no longer import them
  t.deepEqual(typebox.map((file) => path.relative(DIST_SRC, file)), [path.join('core', 'schema-builders.js')]);
  const builders = files(DIST_SRC, '.js').filter((file) => importsOf(file).some((m) => m.endsWith('schema-builders.js')));
  t.deepEqual(builders, []);
});

test('a frozen schema is the value TypeBox built: the sweep file schema matches a fresh build of a part of it', (t) => {
  // the settings' seed rule, written here with TypeBox as settings-schema.ts writes it
  const seed = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
  const frozen = (SweepFileSchema.properties.fixed as { properties: Record<string, unknown> }).properties.seed;
  t.deepEqual(frozen, JSON.parse(JSON.stringify(seed)));
  t.deepEqual(Object.getOwnPropertySymbols(frozen), []);
});

test('what JSON would change is refused, naming the export and the place', (t) => {
  const refused: [unknown, RegExp][] = [
    [() => 1, /x\.f is a function/],
    [undefined, /x\.f is a undefined/],
    [Number.NaN, /x\.f is NaN/],
    [Number.POSITIVE_INFINITY, /x\.f is Infinity/],
    [new Map(), /x\.f is a Map/],
    [/a/, /x\.f is a RegExp/],
    [10n, /x\.f is a bigint/],
  ];
  for (const [value, message] of refused) t.throws(() => checkPlainData({ f: value }, 'x'), { message });
  t.throws(() => checkPlainData([1, , 3], 'y'), { message: /y\[1\] is a hole/ });
  t.notThrows(() => checkPlainData({ a: [1, 'b', null, true, { c: -0.5 }], [Symbol('kind')]: () => 0 }, 'z'));
  t.throws(() => frozenModuleText('some/module', { SAFE: 1, helper: () => 2 }), { message: /src\/some\/module\.ts: helper is a function/ });
});

test('a frozen module gives back the exports it was made from, symbol keys left out', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-freeze-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const schema = Type.Object({ a: Type.Optional(Type.String({ pattern: '^x"\\\\' })), b: Type.Array(Type.Integer()) });
  const exports = { NAMES: ['a', 'b'], Schema: schema, LIMIT: 64, default: { quote: '"\n\u2028' } };
  const file = path.join(dir, 'frozen.js');
  writeFileSync(file, frozenModuleText('x/frozen', exports));
  const frozen = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  t.deepEqual({ ...frozen }, JSON.parse(JSON.stringify(exports)) as Record<string, unknown>);
  t.true(isFrozen(file));
});
