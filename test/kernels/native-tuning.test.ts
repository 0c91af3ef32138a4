/**
 * The native set's tuning is measured once per CPU model and cached (src/kernels/native/tuning.ts):
 * a fresh process with an empty cache measures and writes it, the next one reads it, a broken entry is
 * measured again, and the default switch skips the measurement. Each case runs in its own process, since
 * a process tunes (or reads) once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { nativeTest as nativeTestFor } from '../helpers/native.js';
import { tempDirWith } from '../helpers/temp-dir.js';

const nativeTest = nativeTestFor(test, 'native tuning');
const tuningModule = new URL('../../src/kernels/native/tuning.js', import.meta.url).href;
const addonModule = new URL('../../src/kernels/native/addon.js', import.meta.url).href;

/** nativeTuning() in a fresh process with this cache folder: its source and choice. */
function tuneIn(dir: string, mode?: string): { source: string; choice: { tile: number; kc: number; sparseDensity: number }; cpu: string } {
  const script = `import { nativeTuning } from '${tuningModule}'; import { loadNativeAddon } from '${addonModule}';
    const t = nativeTuning(loadNativeAddon()); console.log(JSON.stringify({ source: t.source, choice: t.choice, cpu: t.cpu }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, MLP_SWEEP_CACHE_DIR: dir, MLP_SWEEP_NATIVE_TUNING: mode ?? '' },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

nativeTest('the first process on a CPU model measures and caches the tuning, the next one reads it', (t) => {
  const dir = tempDirWith(t, {});
  const first = tuneIn(dir);
  t.is(first.source, 'measured');
  const file = path.join(dir, 'native-tuning.json');
  const cache = JSON.parse(readFileSync(file, 'utf8'));
  t.deepEqual(Object.keys(cache), [first.cpu]);
  const second = tuneIn(dir);
  t.is(second.source, 'cache');
  t.deepEqual(second.choice, first.choice);
});

nativeTest('a cached entry this CPU cannot use is measured again, and the default switch measures nothing', (t) => {
  const dir = tempDirWith(t, {});
  const { cpu } = tuneIn(dir, 'default');
  const file = path.join(dir, 'native-tuning.json');
  writeFileSync(file, JSON.stringify({ [cpu]: { version: 1, choice: { tile: 7, kc: 256, mc: 240, sparseDensity: 0.3 } } }));
  t.is(tuneIn(dir).source, 'measured');
  t.not(JSON.parse(readFileSync(file, 'utf8'))[cpu].choice.tile, 7);
  // a usable choice measured by an older tuning (another sparse path, another probe) is measured again too
  writeFileSync(file, JSON.stringify({ [cpu]: { version: 1, choice: { tile: 0, kc: 256, mc: 240, sparseDensity: 0.3 } } }));
  t.is(tuneIn(dir).source, 'measured');
  t.is(JSON.parse(readFileSync(file, 'utf8'))[cpu].version, 2);
  const fallback = tuneIn(dir, 'default');
  t.is(fallback.source, 'default');
  t.is(fallback.choice.tile, 0);
});
