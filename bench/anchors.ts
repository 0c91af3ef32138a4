/**
 * The training epoch of the study's setting on the native set (when it runs here) and the wasm set, side by side with the numpy anchors in
 * ../shared/anchors (README there): the careful float32 numpy version and the study's own code, each
 * on one OpenBLAS thread. Runs alternate, round after round, so a busy moment of the shared machine
 * hits every contender alike; the figures are medians. The anchors are run, never copied.
 *
 *   node dist/bench/anchors.js [rounds]      needs Debian's python3 with numpy (and matplotlib for
 *                                            the study's code) and the anchors beside the project
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { train } from '../src/core/train.js';
import { loadMnist } from '../src/data/mnist.js';
import { createNativeKernels } from '../src/kernels/native/kernels.js';
import { kernelProvider } from '../src/kernels/registry.js';
import { createWasmKernels } from '../src/kernels/wasm/kernels.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ANCHORS = path.resolve(ROOT, '../shared/anchors');
const PYTHON = '/usr/bin/python3';

interface Contender {
  label: string;
  /** Seconds of one 50,000-example training epoch. */
  epoch: () => number;
}

/** Seconds of the first training epoch a numpy anchor reports on its `[result] {json}` line. */
function anchorEpoch(script: string): number {
  const out = execFileSync(PYTHON, [path.join(ANCHORS, script), '1', '0'], {
    cwd: ROOT,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = out.split('\n').find((l) => l.startsWith('[result]'));
  if (!line) throw new Error(`${script} printed no [result] line`);
  return (JSON.parse(line.slice('[result]'.length)) as { train_s: number[] }).train_s[0];
}

function pythonHas(module: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function benchAnchors(rounds = 3): Promise<string> {
  if (!existsSync(ANCHORS)) return `anchors: ${ANCHORS} is not there; nothing to compare with`;
  if (!existsSync(PYTHON) || !pythonHas('numpy')) {
    return 'anchors: Debian python3 with numpy is missing (apt-get install -y python3-numpy python3-matplotlib)';
  }
  const data = loadMnist();
  const native = kernelProvider('native').unavailableReason() === null;
  const contenders: Contender[] = [
    ...(native
      ? [{
          label: 'mlp-sweep, native kernels',
          epoch: () => train({ hidden_sizes: [512, 1024], epochs: 1, seed: 1 }, data, { kernels: createNativeKernels() }).epochs[1].train_seconds,
        }]
      : []),
    {
      label: 'mlp-sweep, wasm kernels',
      epoch: () => {
        const outcome = train({ hidden_sizes: [512, 1024], epochs: 1, seed: 1 }, data, { kernels: createWasmKernels() });
        return outcome.epochs[1].train_seconds;
      },
    },
    { label: 'numpy, careful float32 (numpy_fast.py)', epoch: () => anchorEpoch('numpy_fast.py') },
  ];
  if (pythonHas('matplotlib')) {
    contenders.push({ label: "the study's numpy code, float64 (seed_nn.py)", epoch: () => anchorEpoch('seed_nn.py') });
  }
  const seconds = contenders.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    contenders.forEach((c, i) => seconds[i].push(c.epoch()));
  }
  const ours = median(seconds[0]);
  const name = native ? 'native' : 'wasm';
  const lines = [
    `one training epoch of 784-512-1024-10, batch 200, 50,000 examples, one thread; median of ${rounds} alternating rounds`,
    ...(native ? [`  (native: ${createNativeKernels().detail})`] : [`  (native: ${kernelProvider('native').unavailableReason()})`]),
    `  (wasm: ${createWasmKernels().detail})`,
    ...contenders.map((c, i) => {
      const s = median(seconds[i]);
      const ratio = i === 0 ? '' : `  (${name} is ${(s / ours).toFixed(2)}× ${s >= ours ? 'faster' : 'as fast'})`;
      return `  ${c.label.padEnd(44)} ${s.toFixed(2).padStart(7)} s  [${seconds[i].map((x) => x.toFixed(2)).join(', ')}]${ratio}`;
    }),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchAnchors(Number(process.argv[2] ?? 3))}\n`);
}
