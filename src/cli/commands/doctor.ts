/**
 * `mlp-sweep doctor`: what this machine and runtime offer the kernels, which kernel sets run here (or
 * why not), and which one `kernels: auto` picks. Read-only; `--json` for scripts.
 */
import type { Command } from 'commander';
import { KERNEL_CHOICES } from '../../core/settings.js';
import { cpuInfo, wasmFeatures } from '../../kernels/cpu-features.js';
import { addonPath, loadNativeAddon } from '../../kernels/native/addon.js';
import { nativeTuning } from '../../kernels/native/tuning.js';
import { createKernels, kernelProviders } from '../../kernels/registry.js';
import type { KernelSetName } from '../../kernels/types.js';
import { loadKernelModule } from '../../kernels/wasm/module.js';
import { enableRelaxedSimd } from '../../kernels/wasm/relaxed-simd-flag.js';

export interface KernelSetStatus {
  name: KernelSetName;
  available: boolean;
  /** Why it cannot run here; null when it can. */
  reason: string | null;
  /** Its own description (instruction set, multiply-add) when it can run. */
  detail: string | null;
}

export interface DoctorReport {
  node: string;
  v8: string;
  platform: string;
  cpu: {
    model: string;
    logical_cores: number;
    /** The CPU flags that matter for float32 kernels (avx2, fma, …); null when they cannot be read. */
    flags: string[] | null;
  };
  wasm: {
    simd: boolean;
    relaxed_simd: boolean;
    /** Relaxed SIMD needed the V8 flag (Node 20); false when the runtime has it on already. */
    relaxed_simd_flag_set: boolean;
    /** The relaxed build's multiply-add rounds once here; null when that build does not load. */
    fused_madd: boolean | null;
    shared_memory: boolean;
  };
  /** The native addon (AVX2 + FMA): whether it loads here and what built it. */
  native: {
    path: string;
    /** Why it cannot be used here (not built, no AVX2 + FMA, MLP_SWEEP_NO_NATIVE=1); null when it loads. */
    reason: string | null;
    compiler: string | null;
    /** This CPU model's tile, blocking and sparse threshold (src/kernels/native/tuning.ts); null when the addon does not load. */
    tuning: { choice: string; source: string; cpu: string; file: string; file_problem: string | null; log: string[] } | null;
  };
  kernel_sets: KernelSetStatus[];
  /** What `kernels: auto` runs for float32. */
  auto: { name: KernelSetName; detail: string };
}

function fusedMadd(): boolean | null {
  try {
    return loadKernelModule('relaxed').fusedMadd;
  } catch {
    return null;
  }
}

function nativeStatus(): DoctorReport['native'] {
  try {
    const addon = loadNativeAddon();
    const t = nativeTuning(addon);
    const c = t.choice;
    const tuning = {
      choice: `${c.tileName}, KC ${c.kc}, MC ${c.mc}, compressed rows at ≤ ${Math.round(c.sparseDensity * 100)}% non-zero`,
      source: t.source === 'measured' ? `measured now in ${t.tuneSeconds?.toFixed(2)} s` : t.source === 'cache' ? `cached, measured ${t.measuredAt}` : 'built-in defaults',
      cpu: t.cpu,
      file: t.file,
      file_problem: t.fileProblem,
      log: t.log,
    };
    return { path: addonPath(), reason: null, compiler: addon.cpu().compiler, tuning };
  } catch (error) {
    return { path: addonPath(), reason: (error as Error).message, compiler: null, tuning: null };
  }
}

export function doctorReport(): DoctorReport {
  const providers = kernelProviders();
  const kernelSets = KERNEL_CHOICES.filter((c): c is KernelSetName => c !== 'auto').map((name): KernelSetStatus => {
    const provider = providers.find((p) => p.name === name);
    const reason = provider ? provider.unavailableReason() : 'it is not built into this installation';
    const detail = provider && reason === null ? provider.create('float32').detail : null;
    return { name, available: reason === null, reason, detail };
  });
  const auto = createKernels('auto', 'float32');
  const cpu = cpuInfo();
  const features = wasmFeatures();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpu.model, logical_cores: cpu.logicalCores, flags: cpu.flags },
    wasm: {
      simd: features.simd,
      relaxed_simd: features.relaxedSimd,
      relaxed_simd_flag_set: enableRelaxedSimd().flagSet,
      fused_madd: fusedMadd(),
      shared_memory: features.sharedMemory,
    },
    native: nativeStatus(),
    kernel_sets: kernelSets,
    auto: { name: auto.name, detail: auto.detail },
  };
}

export function formatDoctor(r: DoctorReport): string {
  const yes = (b: boolean): string => (b ? 'yes' : 'no');
  const flags = r.cpu.flags === null ? 'unknown (no /proc/cpuinfo)' : r.cpu.flags.join(' ') || 'none of interest';
  const relaxed = r.wasm.relaxed_simd
    ? `yes${r.wasm.relaxed_simd_flag_set ? ' (enabled by flag --experimental-wasm-relaxed-simd)' : ''}`
    : 'no';
  const lines = [
    `node          ${r.node} (V8 ${r.v8}), ${r.platform}`,
    `cpu           ${r.cpu.model}, ${r.cpu.logical_cores} logical cores`,
    `cpu flags     ${flags}`,
    `wasm simd128  ${yes(r.wasm.simd)}`,
    `relaxed simd  ${relaxed}`,
    `fused madd    ${r.wasm.fused_madd === null ? 'n/a' : yes(r.wasm.fused_madd)}`,
    `shared memory ${yes(r.wasm.shared_memory)}`,
    r.native.reason === null
      ? `native addon  loads: ${r.native.path} (${r.native.compiler})`
      : `native addon  not usable: ${r.native.reason}`,
    ...(r.native.tuning
      ? [`native tuning ${r.native.tuning.choice} (${r.native.tuning.source}; ${r.native.tuning.file}${r.native.tuning.file_problem ? `, ${r.native.tuning.file_problem}` : ''})`]
      : []),
    '',
    'kernel sets:',
    ...r.kernel_sets.map((s) => `  ${s.name.padEnd(10)} ${s.available ? `available: ${s.detail}` : `unavailable: ${s.reason}`}`),
    '',
    `kernels: auto → ${r.auto.name} (${r.auto.detail})`,
  ];
  return `${lines.join('\n')}\n`;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('report Node, CPU and WebAssembly features, which kernel sets run here, and what kernels: auto picks')
    .option('--json', 'print the report as JSON')
    .action((opts) => {
      const report = doctorReport();
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
    });
}
