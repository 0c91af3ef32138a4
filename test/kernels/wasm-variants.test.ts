/**
 * Which wasm build runs, and why: relaxed SIMD is detected (not assumed), the fused multiply-add is
 * measured, `auto` takes the fastest set that loads, and results are bit-identical run to run.
 */
import test from 'ava';
import { Mlp } from '../../src/core/model.js';
import { KernelUnavailableError } from '../../src/errors.js';
import { cpuInfo, wasmFeatures } from '../../src/kernels/cpu-features.js';
import { createKernels, kernelProvider } from '../../src/kernels/registry.js';
import type { Kernels } from '../../src/kernels/types.js';
import { createWasmKernels } from '../../src/kernels/wasm/kernels.js';
import { loadKernelModule } from '../../src/kernels/wasm/module.js';

const relaxedLoads = (): boolean => {
  try {
    return loadKernelModule('relaxed').variant === 'relaxed';
  } catch {
    return false;
  }
};

test('the relaxed build loads exactly when the runtime validates relaxed SIMD', (t) => {
  t.log(`Node ${process.version}, relaxed SIMD ${wasmFeatures().relaxedSimd ? 'yes' : 'no'}`);
  t.is(relaxedLoads(), wasmFeatures().relaxedSimd);
});

test('the plain SIMD build loads wherever the wasm set is available, and never fuses', (t) => {
  const plain = loadKernelModule('simd');
  t.is(plain.variant, 'simd');
  t.false(plain.fusedMadd);
  t.regex(createWasmKernels({ variant: 'simd' }).detail, /mul \+ add/);
});

test('auto takes the relaxed build when it loads, and detail says whether its madd is fused', (t) => {
  const auto = loadKernelModule('auto');
  t.is(auto.variant, wasmFeatures().relaxedSimd ? 'relaxed' : 'simd');
  const { detail } = createWasmKernels();
  t.log(detail);
  if (auto.variant === 'relaxed') t.regex(detail, auto.fusedMadd ? /fused: one rounding/ : /not fused here/);
});

test('on an x86 CPU with FMA the relaxed madd is measured fused', (t) => {
  const cpu = cpuInfo();
  if (!relaxedLoads() || cpu.arch !== 'x64' || cpu.flags === null || !cpu.flags.includes('fma')) {
    t.pass('not an x86 CPU with FMA and relaxed SIMD: nothing to check');
    return;
  }
  t.true(loadKernelModule('relaxed').fusedMadd);
});

test('kernels: auto picks the wasm set for float32 (native when it runs here) and the reference set for float64', (t) => {
  t.is(createKernels('auto', 'float32').name, kernelProvider('native').unavailableReason() === null ? 'native' : 'wasm');
  t.is(createKernels('auto', 'float64').name, 'reference');
  t.is(createKernels('wasm', 'float32').precision, 'float32');
  t.throws(() => createKernels('wasm', 'float64'), { instanceOf: KernelUnavailableError, message: /no float64 path/ });
});

/** Ten training steps of a small ragged network on fixed inputs; returns every parameter. */
function trainedParameters(k: Kernels): Float32Array {
  const model = new Mlp([37, 29, 13, 10], k, 23);
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  model.params.forEach((_, i) => (model.params[i] = next()));
  model.input.forEach((_, i) => (model.input[i] = next() + 0.5));
  model.labels.forEach((_, i) => (model.labels[i] = i % 10));
  for (let step = 0; step < 10; step++) {
    model.lossAndGradient(23);
    model.step(0.1);
  }
  return Float32Array.from(model.params);
}

test('the same inputs give bit-identical results run to run, in separate sets', (t) => {
  for (const variant of relaxedLoads() ? (['relaxed', 'simd'] as const) : (['simd'] as const)) {
    const first = trainedParameters(createWasmKernels({ variant }));
    const second = trainedParameters(createWasmKernels({ variant }));
    t.deepEqual(new Uint8Array(second.buffer), new Uint8Array(first.buffer), `${variant} build`);
  }
});
