import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CALIBRATION_FILE } from '../../src/calibrate/cache.js';
import { calibrate } from '../../src/calibrate/calibrate.js';
import { planOf } from '../helpers/sweeps.js';
import { tempDirWith } from '../helpers/temp-dir.js';
import { execFile } from 'node:child_process';
import { CLI } from '../helpers/run.js';

const SWEEP = 'name: cal\nfixed: {hidden_sizes: [32], batch_size: 50, epochs: 1, train_limit: 1000, kernels: wasm}\nseeds: [1, 2]\n';

function plan(dir: string, cache: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [CLI, 'plan', 'cal.yaml'], { cwd: dir, env: { ...process.env, MLP_SWEEP_CACHE_DIR: cache } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

test('a first plan on a machine with no history calibrates its shapes, says so, and the next plan takes them from the cache', async (t) => {
  const dir = tempDirWith(t, { 'cal.yaml': SWEEP });
  const cache = path.join(dir, 'cache');
  const first = await plan(dir, cache);
  t.regex(first, /GFLOP\/s per worker for wasm kernels \(calibrated on this machine: 1 shape measured now \(\d+ms\)\)/);
  const again = await plan(dir, cache);
  t.regex(again, /calibrated on this machine: 1 from the cache in .*cache\)/);
  t.regex(first.match(/[\d.]+ GFLOP\/s/)![0], /^[\d.]+ GFLOP\/s$/);
  t.is(again.match(/[\d.]+ GFLOP\/s/)![0], first.match(/[\d.]+ GFLOP\/s/)![0], 'the cached figure is the one measured');
});

test('a calibration cached on another machine is measured again', async (t) => {
  const cache = tempDirWith(t, {});
  const jobs = planOf(SWEEP).jobs;
  const first = await calibrate(jobs, { dir: cache });
  t.is(first.measured, 1);
  const file = path.join(cache, CALIBRATION_FILE);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/"machine": ".*"/, '"machine": "another cpu x64"'));
  const again = await calibrate(jobs, { dir: cache });
  t.like(again, { measured: 1, cached: 0 });
  t.true(again.rateOf(jobs[0].settings)! > 0);
});

test('once jobs of a shape have finished, plan bases its estimate on what they took', async (t) => {
  const dir = tempDirWith(t, { 'cal.yaml': SWEEP });
  const cache = path.join(dir, 'cache');
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [CLI, 'run', 'cal.yaml', '--in-process', '--no-report'], { cwd: dir, env: { ...process.env, MLP_SWEEP_CACHE_DIR: cache } }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  t.regex(await plan(dir, cache), /GFLOP\/s per worker for wasm kernels \(measured: 2 finished jobs of the same shape in results\)/);
});
