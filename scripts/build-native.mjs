#!/usr/bin/env node
/**
 * Builds the `native` kernel set's addon (native/binding.gyp) with node-gyp: run by `npm install` (the
 * package's install script) and by `npm run build-native`. The addon is optional, so a failed build
 * never fails the install: it says why and mlp-sweep runs on the wasm kernel set (`mlp-sweep doctor`
 * tells which set `auto` picks and why). Plain JavaScript, because it runs before `npm run build`.
 *
 *   node scripts/build-native.mjs [--strict]     --strict: exit 1 when the build fails (and always build)
 *   node scripts/build-native.mjs --prebuild     the publisher's step (npm pack runs it): build with
 *                                                prebuildify into native/prebuilds/<platform>-<arch>/,
 *                                                which the package ships and node-gyp-build loads
 *   MLP_SWEEP_SKIP_NATIVE_BUILD=1                 skip the build (e.g. to try the fallback)
 *
 * An installed package that carries a prebuilt addon for this platform uses it and compiles nothing, so a
 * machine without a compiler still gets the native set; elsewhere it builds from the shipped sources.
 *
 * node-gyp: npm's own copy (npm tells scripts where it is, in npm_config_node_gyp), else the one
 * bundled beside this node's npm, else one installed in node_modules. Headers: this node's own
 * (<prefix>/include/node, as Linux packages install them) when they are there, so nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const output = path.join(nativeDir, 'build', 'Release', 'mlp_sweep_native.node');
const strict = process.argv.includes('--strict');
const prebuild = process.argv.includes('--prebuild');
const prebuildDir = path.join(nativeDir, 'prebuilds', `${process.platform}-${process.arch}`);

function done(ok, message) {
  process.stdout.write(`native kernels: ${message}\n`);
  if (!ok) {
    process.stdout.write('native kernels: mlp-sweep will run on the wasm kernel set; `npm run build-native` retries\n');
  }
  process.exit(ok || !strict ? 0 : 1);
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally: the other places may have it
  }
  return candidates.find((c) => c && existsSync(c));
}

if (process.env.MLP_SWEEP_SKIP_NATIVE_BUILD === '1') done(false, 'not built: MLP_SWEEP_SKIP_NATIVE_BUILD=1 is set');
if (process.arch !== 'x64') done(false, `not built: the addon is for x86-64 (AVX2 + FMA), and this is ${process.arch}`);
const shipped = existsSync(prebuildDir) ? readdirSync(prebuildDir).filter((f) => f.endsWith('.node')) : [];
if (!strict && !prebuild && shipped.length > 0) {
  done(true, `using the prebuilt ${path.relative(root, path.join(prebuildDir, shipped[0]))} (nothing to compile)`);
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) done(false, 'not built: node-gyp was not found (it ships with npm)');

const prefix = path.resolve(path.dirname(process.execPath), '..');
const localHeaders = !process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'));
const started = Date.now();
let run;
if (prebuild) {
  // prebuildify runs node-gyp itself; npm_config_nodedir points it at this node's headers, as below
  const prebuildify = createRequire(path.join(root, 'package.json')).resolve('prebuildify/bin.js');
  const env = { ...process.env, ...(localHeaders ? { npm_config_nodedir: prefix } : {}) };
  const args = [prebuildify, '--napi', '--strip', `--cwd=${nativeDir}`, `--node-gyp=${nodeGyp}`];
  run = spawnSync(process.execPath, args, { cwd: nativeDir, env, encoding: 'utf8', timeout: 10 * 60 * 1000 });
  const built = existsSync(prebuildDir) ? readdirSync(prebuildDir).filter((f) => f.endsWith('.node')) : [];
  if (run.status === 0 && built.length > 0) {
    done(true, `prebuilt ${path.relative(root, path.join(prebuildDir, built[0]))} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} else {
  const args = [nodeGyp, 'rebuild', `--directory=${nativeDir}`, ...(localHeaders ? [`--nodedir=${prefix}`] : [])];
  run = spawnSync(process.execPath, args, { cwd: nativeDir, encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (run.status === 0 && existsSync(output)) {
    done(true, `built ${path.relative(root, output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
const log = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n');
const errors = log.filter((line) => /error|not found|cannot|fatal/i.test(line) && !/^gyp info/.test(line));
process.stdout.write(`${(errors.length > 0 ? errors : log).slice(-15).join('\n')}\n`);
done(false, `not built: node-gyp ${run.error ? `could not run (${run.error.message})` : `exited with ${run.status ?? run.signal}`}`);
