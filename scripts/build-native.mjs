#!/usr/bin/env node
/**
 * Builds the `native` kernel set's addon (native/binding.gyp) with node-gyp: run by `npm install` (the
 * package's install script) and by `npm run build-native`. The addon is optional, so a failed build
 * never fails the install: it says why and mlp-sweep runs on the wasm kernel set (`mlp-sweep doctor`
 * tells which set `auto` picks and why). Plain JavaScript, because it runs before `npm run build`.
 *
 *   node scripts/build-native.mjs [--strict]     --strict: exit 1 when the build fails
 *   MLP_SWEEP_SKIP_NATIVE_BUILD=1                 skip the build (e.g. to try the fallback)
 *
 * node-gyp: npm's own copy (npm tells scripts where it is, in npm_config_node_gyp), else the one
 * bundled beside this node's npm, else one installed in node_modules. Headers: this node's own
 * (<prefix>/include/node, as Linux packages install them) when they are there, so nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const output = path.join(nativeDir, 'build', 'Release', 'mlp_sweep_native.node');
const strict = process.argv.includes('--strict');

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
const nodeGyp = findNodeGyp();
if (!nodeGyp) done(false, 'not built: node-gyp was not found (it ships with npm)');

const args = [nodeGyp, 'rebuild', `--directory=${nativeDir}`];
const prefix = path.resolve(path.dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const started = Date.now();
const run = spawnSync(process.execPath, args, { cwd: nativeDir, encoding: 'utf8', timeout: 10 * 60 * 1000 });
if (run.status === 0 && existsSync(output)) {
  done(true, `built ${path.relative(root, output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const log = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n');
const errors = log.filter((line) => /error|not found|cannot|fatal/i.test(line) && !/^gyp info/.test(line));
process.stdout.write(`${(errors.length > 0 ? errors : log).slice(-15).join('\n')}\n`);
done(false, `not built: node-gyp ${run.error ? `could not run (${run.error.message})` : `exited with ${run.status ?? run.signal}`}`);
