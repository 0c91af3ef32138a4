import test from 'ava';
import { doctorReport, formatDoctor } from '../../src/cli/commands/doctor.js';
import { kernelProvider } from '../../src/kernels/registry.js';

test('doctor lists every kernel set with its detail or the reason it cannot run, and the auto choice', (t) => {
  const report = doctorReport();
  t.deepEqual(report.kernel_sets.map((s) => s.name), ['reference', 'wasm', 'native']);
  for (const set of report.kernel_sets) t.is(set.available, set.reason === null);
  const native = report.kernel_sets.find((s) => s.name === 'native');
  // the native set runs only where its addon loads, and then exactly when the registry says it does
  t.true(report.native.reason === null || native?.available === false);
  t.is(native?.available, kernelProvider('native').unavailableReason() === null);
  const wasm = report.kernel_sets.find((s) => s.name === 'wasm');
  t.is(report.auto.name, native?.available ? 'native' : wasm?.available ? 'wasm' : 'reference');
  const text = formatDoctor(report);
  t.regex(text, /^node {10}v\d+/);
  t.regex(text, /relaxed simd {2}(yes|no)/);
  t.regex(text, new RegExp(`kernels: auto → ${report.auto.name} `));
});

test('doctor reports the runtime versions and, on Linux, the CPU flags', (t) => {
  const report = doctorReport();
  t.is(report.node, process.version);
  t.is(report.v8, process.versions.v8);
  t.true(process.platform !== 'linux' || Array.isArray(report.cpu.flags), 'Linux reports its CPU flags');
  t.is(report.wasm.fused_madd === null, !report.wasm.relaxed_simd);
});
