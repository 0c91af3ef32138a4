/**
 * The published package, as a user meets it: `npm pack` (scripts off: `npm test` has built dist/ and the
 * wasm), the tarball installed into an empty project outside the repository, then the CLI and the library
 * run from there. One file, one test, the slowest of the suite: every check shares one install.
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addonPath } from '../../src/kernels/native/addon.js';
import { kernelProvider } from '../../src/kernels/registry.js';

const nativeUnavailableReason = () => kernelProvider('native').unavailableReason();
import { PROJECT_ROOT } from '../helpers/sweeps.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

/** The README's library example, exactly as written. */
function readmeLibraryExample(): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The library'));
  return section.slice(section.indexOf('```ts\n') + 6, section.indexOf('\n```', section.indexOf('```ts\n')));
}

test('the packed tarball installed in an empty project runs --version, doctor, a sweep with its report, and the README library example', async (t) => {
  const work = tempDirWith(t, {});
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT, encoding: 'utf8' }),
  )[0] as { filename: string; entryCount: number; size: number; files: { path: string }[] };
  const files = packed.files.map((f) => f.path);
  t.log(`tarball: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed`);
  for (const needed of ['bin/mlp-sweep.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'build/kernels-simd.wasm', 'build/kernels-relaxed.wasm', 'native/binding.gyp', 'native/src/addon.cc', 'scripts/build-native.mjs', 'schema/sweep.schema.json', 'experiments/quick.yaml']) {
    t.true(files.includes(needed), `the tarball lacks ${needed}`);
  }
  t.deepEqual(files.filter((f) => /^(test|bench|results|dist\/test|dist\/bench)\//.test(f) || f.endsWith('.map')), [], 'no tests, benches, results or maps');

  const project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), '{"name": "first-contact", "private": true, "type": "module"}\n');
  // nothing compiled: an installed package must work from what it ships (npm 11 runs no install script unapproved)
  const env = { ...process.env, MLP_SWEEP_SKIP_NATIVE_BUILD: '1', npm_config_fund: 'false', npm_config_audit: 'false' };
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], { cwd: project, env, stdio: 'pipe' });
  const installed = path.join(project, 'node_modules', 'mlp-sweep');
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(installed, 'bin', 'mlp-sweep.js'), ...args], { cwd: project, encoding: 'utf8' });

  const shown = cli(['--version']);
  t.is(shown.stdout, `${version}\n`, shown.stderr);

  // a prebuilt addon, where the publisher made one (here: this machine's build, standing in for prebuildify's)
  if (nativeUnavailableReason() === null && !existsSync(path.join(installed, 'native', 'build'))) {
    const prebuilds = path.join(installed, 'native', 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(prebuilds, { recursive: true });
    copyFileSync(addonPath(), path.join(prebuilds, 'node.node'));
  }
  const doctor = cli(['doctor']);
  t.is(doctor.status, 0, doctor.stderr);
  t.regex(doctor.stdout, /^\s+wasm\s+available/m);
  if (nativeUnavailableReason() === null) t.regex(doctor.stdout, /native addon\s+loads: .*prebuilds/);

  writeFileSync(path.join(project, 'one.yaml'), 'fixed: {hidden_sizes: [8], batch_size: 100, epochs: 1, train_limit: 500}\n');
  const run = cli(['run', 'one.yaml', '--workers', '1']);
  t.is(run.status, 0, run.stdout + run.stderr);
  t.true(existsSync(path.join(project, 'results', 'one', 'summary.md')));

  writeFileSync(path.join(project, 'readme.mjs'), readmeLibraryExample());
  const example = spawnSync(process.execPath, ['readme.mjs'], { cwd: project, encoding: 'utf8' });
  t.is(example.status, 0, example.stderr);
  t.true(existsSync(path.join(project, 'results', 'tiny', 'summary.md')));
  t.true(existsSync(path.join(project, 'results', 'tiny', 'figures')));
});
