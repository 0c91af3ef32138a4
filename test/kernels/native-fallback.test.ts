/**
 * The native set is optional: with MLP_SWEEP_NO_NATIVE=1 (as on a machine where the addon did not
 * build or the CPU lacks AVX2 + FMA) it reports itself unavailable with the reason, `auto` runs wasm,
 * and asking for it by name fails before any job starts. Each case runs in a fresh process, since the
 * addon is loaded once per process.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DoctorReport } from '../../src/cli/commands/doctor.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../../bin/mlp-sweep.js', import.meta.url));

function doctor(env: Record<string, string>): DoctorReport {
  const out = execFileSync(process.execPath, [CLI, 'doctor', '--json'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as DoctorReport;
}

test('with MLP_SWEEP_NO_NATIVE=1 the native set is unavailable, says why, and auto picks wasm', (t) => {
  const report = doctor({ MLP_SWEEP_NO_NATIVE: '1' });
  const native = report.kernel_sets.find((s) => s.name === 'native');
  t.false(native?.available);
  t.is(native?.reason, 'MLP_SWEEP_NO_NATIVE=1 is set');
  t.is(report.native.reason, 'MLP_SWEEP_NO_NATIVE=1 is set');
  t.is(report.auto.name, 'wasm');
});

test('without the switch, auto picks native exactly when it is available', (t) => {
  const report = doctor({ MLP_SWEEP_NO_NATIVE: '' });
  const native = report.kernel_sets.find((s) => s.name === 'native');
  t.log(native?.available ? `native: ${native.detail}` : `native unavailable: ${native?.reason}`);
  t.is(report.auto.name, native?.available ? 'native' : 'wasm');
});

test('asking for the native set by name where it cannot run fails with the reason and a hint', (t) => {
  const script = `
    import { createKernels } from './dist/src/kernels/registry.js';
    try { createKernels('native', 'float32'); console.log('created'); }
    catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, hint: e.hint })); }`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, MLP_SWEEP_NO_NATIVE: '1' },
    encoding: 'utf8',
  });
  const error = JSON.parse(out) as { name: string; code: string; message: string; hint: string };
  t.is(error.name, 'KernelUnavailableError');
  t.is(error.code, 'KERNEL_UNAVAILABLE');
  t.is(error.message, 'kernel set "native" is not available: MLP_SWEEP_NO_NATIVE=1 is set');
  t.regex(error.hint, /kernels: auto/);
});
