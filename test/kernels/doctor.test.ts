import test from 'ava';
import { doctorReport, formatDoctor } from '../../src/cli/commands/doctor.js';

test('doctor lists every kernel set with its detail or the reason it cannot run, and the auto choice', (t) => {
  const report = doctorReport();
  t.deepEqual(report.kernel_sets.map((s) => s.name), ['reference', 'wasm', 'native']);
  for (const set of report.kernel_sets) t.is(set.available, set.reason === null);
  const native = report.kernel_sets.find((s) => s.name === 'native');
  if (report.native.reason !== null) t.false(native?.available);
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
  if (process.platform === 'linux') t.true(Array.isArray(report.cpu.flags));
  t.is(report.wasm.fused_madd === null, !report.wasm.relaxed_simd);
});
