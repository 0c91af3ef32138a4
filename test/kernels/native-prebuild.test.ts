import test from 'ava';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { addonPath } from '../../src/kernels/native/addon.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const ADDON_NAME = 'mlp_sweep_native.node';

/** A native/ folder with a stand-in file at each of the given places (node-gyp-build only looks at names). */
function nativeDirWith(t: import('ava').ExecutionContext, files: string[]): string {
  const dir = tempDirWith(t, {});
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(new URL(import.meta.url), path.join(dir, file));
  }
  return dir;
}

const prebuilt = path.join('prebuilds', `${process.platform}-${process.arch}`, 'node.node');

test('an installed package without a local build loads the prebuilt addon it ships for this platform', (t) => {
  const dir = nativeDirWith(t, [prebuilt]);
  t.is(addonPath(dir), path.join(dir, prebuilt));
});

test('a local build of the addon is preferred to the prebuilt one', (t) => {
  const local = path.join('build', 'Release', ADDON_NAME);
  const dir = nativeDirWith(t, [prebuilt, local]);
  t.is(addonPath(dir), path.join(dir, local));
});

test('with neither, the path named is the local build that `npm run build-native` would make', (t) => {
  const dir = nativeDirWith(t, []);
  t.is(addonPath(dir), path.join(dir, 'build', 'Release', ADDON_NAME));
});
