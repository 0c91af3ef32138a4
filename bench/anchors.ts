/**
 * Issue 16's whole-process comparisons with the numpy peer (../shared/anchors/numpy_sweep.py: careful
 * float32 numpy on OpenBLAS doing an mlp-sweep job's work: epoch-0, per-epoch validation and test
 * passes), side by side, alternating round after round so a busy moment of the machine hits both
 * alike; medians. The peer is run, never copied.
 *
 *   (a) 1 job of 784-512-1024-10, 1 epoch: `mlp-sweep run --workers 1` vs the peer with 1 process
 *   (b) 4 such jobs: `run --workers 2` vs the peer's 2-process pool
 *   (c) 1 such job on 2 cores (`run --workers 2`: the pool gives the lone job the idle core as a
 *       second kernel thread) vs the peer with 2 OpenBLAS threads
 *
 * Then the native set's GFLOP/s per product of a training step on real batches (MNIST input, ReLU
 * hidden layers), on 1 and 2 threads, as a fraction of this core's measured peak.
 *
 *   node dist/bench/anchors.js [rounds]      needs Debian's python3 with numpy and the anchors beside
 *                                            the project (see ../shared/anchors/README.md)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.js';
import { createModel } from '../src/core/train.js';
import type { Mlp } from '../src/core/model.js';
import { loadMnist } from '../src/data/mnist.js';
import { loadNativeAddon } from '../src/kernels/native/addon.js';
import { createNativeKernels } from '../src/kernels/native/kernels.js';
import { kernelProvider } from '../src/kernels/registry.js';
import { TUNING_ENV } from '../src/kernels/native/tuning.js';
import type { Kernels } from '../src/kernels/types.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** ../shared/anchors beside the project (or beside the folder of its worktrees); MLP_SWEEP_ANCHORS overrides. */
const ANCHORS =
  process.env.MLP_SWEEP_ANCHORS ??
  ['../shared/anchors', '../../shared/anchors'].map((p) => path.resolve(ROOT, p)).find((p) => existsSync(p)) ??
  path.resolve(ROOT, '../shared/anchors');
const PEER = path.join(ANCHORS, 'numpy_sweep.py');
const PYTHON = '/usr/bin/python3';
const CLI = path.join(ROOT, 'bin/mlp-sweep.js');

interface Timing {
  /** Whole process, start to exit, seconds. */
  wall: number;
  /** Training epochs alone, summed over the jobs: our journal's train_seconds, the peer's train_s. */
  train: number;
}

interface Comparison {
  label: string;
  jobs: number;
  /** Our --workers, and the peer's processes (at most one per job). */
  workers: number;
  /** The peer's OpenBLAS threads per process. */
  threads: number;
}

const COMPARISONS: Comparison[] = [
  { label: '1 job, 1 core (`run --workers 1` vs 1 process)', jobs: 1, workers: 1, threads: 1 },
  { label: '4 jobs, 2 cores (`run --workers 2` vs 2-process pool)', jobs: 4, workers: 2, threads: 1 },
  { label: '1 job, 2 cores (`run --workers 2`, the job takes the idle core, vs 2 BLAS threads)', jobs: 1, workers: 2, threads: 2 },
];

function pythonHasNumpy(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function sweepFile(dir: string, jobs: number): string {
  const file = path.join(dir, `anchor-${jobs}.yaml`);
  const seeds = Array.from({ length: jobs }, (_, i) => i + 1).join(', ');
  writeFileSync(file, `name: anchor-${jobs}\nfixed: {hidden_sizes: [512, 1024], epochs: 1, batch_size: 200, learning_rate: 0.1}\nseeds: [${seeds}]\n`);
  return file;
}

function peerJobs(dir: string, jobs: number): string {
  const file = path.join(dir, `peer-${jobs}.json`);
  const list = Array.from({ length: jobs }, (_, i) => ({ hidden: [512, 1024], lr: 0.1, batch: 200, epochs: 1, seed: i + 1, train_limit: null }));
  writeFileSync(file, JSON.stringify(list));
  return file;
}

function ours(dir: string, c: Comparison, round: number): Timing {
  const results = path.join(dir, `results-${c.jobs}-${c.workers}-${c.threads}-${round}`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'run', sweepFile(dir, c.jobs), '--workers', String(c.workers), '--results', results, '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`mlp-sweep run failed (${run.status}): ${run.stderr}`);
  const journal = readFileSync(path.join(results, `anchor-${c.jobs}`, 'journal.jsonl'), 'utf8').trim().split('\n');
  const train = journal
    .map((line) => JSON.parse(line) as { epochs: { train_seconds: number }[] })
    .reduce((sum, r) => sum + r.epochs.reduce((s, e) => s + e.train_seconds, 0), 0);
  rmSync(results, { recursive: true, force: true });
  return { wall, train };
}

function peer(dir: string, c: Comparison): Timing {
  const t0 = performance.now();
  // one process per job at most: numpy_sweep's pool would otherwise start an idle second process
  const out = execFileSync(PYTHON, [PEER, String(Math.min(c.workers, c.jobs)), peerJobs(dir, c.jobs)], {
    cwd: ROOT,
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(c.threads) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const wall = (performance.now() - t0) / 1000;
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { train_s?: number });
  return { wall, train: lines.reduce((s, l) => s + (l.train_s ?? 0), 0) };
}

/** The eight products of a training step, on the arrays of a real one (after a few steps of training). */
type Product = { label: string; run: (k: Kernels) => void; flop: number };

function stepProducts(model: Mlp): Product[] {
  const { acts, deltas, layers } = model as unknown as { acts: Float32Array[]; deltas: Float32Array[]; layers: Mlp['layers'] };
  const M = 200;
  const out = (n: number) => new Float32Array(n);
  const list: Product[] = [];
  layers.forEach((layer, i) => {
    const [K, N] = [layer.fanIn, layer.fanOut];
    const l = i + 1;
    const fwd = out(M * N);
    list.push({ label: `${l === 1 ? 'X' : `H${l - 1}`}·W${l}  ${M}×${K}·${K}×${N}`, run: (k) => k.matmulNN(fwd, acts[l - 1], layer.W, M, K, N), flop: 2 * M * K * N });
    const dW = out(K * N);
    list.push({ label: `${l === 1 ? 'X' : `H${l - 1}`}ᵀ·dZ${l} ${K}×${M}·${M}×${N}`, run: (k) => k.matmulTN(dW, acts[l - 1], deltas[l], M, K, N), flop: 2 * M * K * N });
    if (l > 1) {
      const dIn = out(M * K);
      list.push({ label: `dZ${l}·W${l}ᵀ ${M}×${N}·${N}×${K}`, run: (k) => k.matmulNT(dIn, deltas[l], layer.W, M, K, N), flop: 2 * M * K * N });
    }
  });
  return list;
}

function productTable(): string[] {
  const addon = loadNativeAddon();
  const data = loadMnist();
  const one = createNativeKernels({ threads: 1 });
  const two = createNativeKernels({ threads: 2 });
  // real operands: an MNIST batch and the hidden layers' ReLU outputs after 20 steps; the arrays
  // belong to `one`'s allocations, which any native set accepts
  const model = createModel({ hidden_sizes: [512, 1024], seed: 1, batch_size: 200 }, { capacity: 200, kernels: one });
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  new Rng(1, 'shuffle').shuffle(order);
  for (let s = 0; s < 20; s++) {
    one.gatherBatch!(model.input, model.labels, data.train, order, s * 200, 200);
    model.lossAndGradient(200);
    model.step(0.1);
  }
  const products = stepProducts(model);
  const time = (k: Kernels, p: Product): number => {
    for (let w = 0; w < 5; w++) p.run(k);
    const t: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      p.run(k);
      t.push(performance.now() - t0);
    }
    return median(t) / 1000;
  };
  const peak = addon.peak();
  const tuning = addon.cpu().avx512f && /AVX-512/.test(one.detail) ? 'avx512' : 'avx2';
  const corePeak = tuning === 'avx512' ? peak.avx512Gflops : peak.avx2Gflops;
  const lines = [
    `native set: ${one.detail}`,
    `this core's peak: ${corePeak.toFixed(0)} GFLOP/s (${tuning === 'avx512' ? 'zmm' : 'ymm'} FMA throughput of independent chains, measured; ` +
      `clock ${peak.ghz.toFixed(2)} GHz from a chain of dependent adds, so ${(corePeak / peak.ghz / 2).toFixed(1)} float32 FMAs a cycle` +
      `${tuning === 'avx512' ? `; AVX2 ymm peak ${peak.avx2Gflops.toFixed(0)}` : ''})`,
    '',
    '| product (batch 200, real operands) | 1 thread GFLOP/s | of 1-core peak | 2 threads GFLOP/s | of 2-core peak |',
    '|---|---|---|---|---|',
  ];
  let flop = 0;
  let s1 = 0;
  let s2 = 0;
  for (const p of products) {
    const t1 = time(one, p);
    const t2 = time(two, p);
    flop += p.flop;
    s1 += t1;
    s2 += t2;
    const g1 = p.flop / t1 / 1e9;
    const g2 = p.flop / t2 / 1e9;
    lines.push(`| ${p.label} | ${g1.toFixed(1)} | ${((100 * g1) / corePeak).toFixed(0)}% | ${g2.toFixed(1)} | ${((100 * g2) / (2 * corePeak)).toFixed(0)}% |`);
  }
  const g1 = flop / s1 / 1e9;
  const g2 = flop / s2 / 1e9;
  lines.push(`| all eight (weighted) | ${g1.toFixed(1)} | ${((100 * g1) / corePeak).toFixed(0)}% | ${g2.toFixed(1)} | ${((100 * g2) / (2 * corePeak)).toFixed(0)}% |`);
  lines.push('', 'GFLOP/s count the dense 2·M·K·N flops: products with a sparse input (X, exact zeros skipped) can pass the peak fraction a dense product could reach.');
  return lines;
}

export async function benchAnchors(rounds = 3): Promise<string> {
  if (!existsSync(PEER)) return `anchors: ${PEER} is not there; nothing to compare with`;
  if (!existsSync(PYTHON) || !pythonHasNumpy()) {
    return 'anchors: Debian python3 with numpy is missing (apt-get install -y python3-numpy libopenblas0-pthread)';
  }
  // tune afresh on this (idle, one hopes) machine, so the runs below read a tuning measured now
  const tuned = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { nativeTuning } from '${new URL('../src/kernels/native/tuning.js', import.meta.url).href}';
     import { loadNativeAddon } from '${new URL('../src/kernels/native/addon.js', import.meta.url).href}';
     const t = nativeTuning(loadNativeAddon()); console.log(t.choice.tileName + ', KC ' + t.choice.kc + ', MC ' + t.choice.mc + ', sparse ≤ ' + Math.round(t.choice.sparseDensity * 100) + '% (tuned in ' + t.tuneSeconds?.toFixed(2) + ' s)');`],
  { env: { ...process.env, [TUNING_ENV]: 'retune' }, encoding: 'utf8' });
  // (after the tune: this process reads the tuning once, for the product table)
  const nativeReason = kernelProvider('native').unavailableReason();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-anchors-'));
  const timings = COMPARISONS.map(() => ({ ours: [] as Timing[], peer: [] as Timing[] }));
  try {
    for (let round = 0; round < rounds; round++) {
      COMPARISONS.forEach((c, i) => {
        // alternate who goes first, so neither always meets a warm (or a hot) machine
        if (round % 2 === 0) {
          timings[i].ours.push(ours(dir, c, round));
          timings[i].peer.push(peer(dir, c));
        } else {
          timings[i].peer.push(peer(dir, c));
          timings[i].ours.push(ours(dir, c, round));
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (list: Timing[], key: keyof Timing): number => median(list.map((t) => t[key]));
  const all = (list: Timing[]): string => list.map((t) => t.wall.toFixed(2)).join(', ');
  const lines = [
    `## Against the numpy peer (numpy_sweep.py), whole process, 784-512-1024-10, 1 epoch, batch 200; median of ${rounds} alternating rounds`,
    '',
    `kernels: ${nativeReason === null ? `native, tuned now: ${tuned.stdout.trim() || tuned.stderr.trim()}` : `wasm (native: ${nativeReason})`}`,
    '',
    '| work | mlp-sweep s | numpy peer s | ratio (peer / ours) | training only: ours / peer s | ratio |',
    '|---|---|---|---|---|---|',
    ...COMPARISONS.map((c, i) => {
      const [o, p] = [med(timings[i].ours, 'wall'), med(timings[i].peer, 'wall')];
      const [ot, pt] = [med(timings[i].ours, 'train'), med(timings[i].peer, 'train')];
      return `| ${c.label} | ${o.toFixed(2)} [${all(timings[i].ours)}] | ${p.toFixed(2)} [${all(timings[i].peer)}] | **${(p / o).toFixed(2)}×** | ${ot.toFixed(2)} / ${pt.toFixed(2)} | ${(pt / ot).toFixed(2)}× |`;
    }),
    '',
    `2 threads against 1, whole process: ${(med(timings[0].ours, 'wall') / med(timings[2].ours, 'wall')).toFixed(2)}× (training only ${(med(timings[0].ours, 'train') / med(timings[2].ours, 'train')).toFixed(2)}×)`,
    'targets (issue 16): (a) and (b) ≥ 1.2×; (c) ≥ 1.2× and ≥ 1.8× our one-thread time',
    '',
    ...(nativeReason === null ? productTable() : []),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchAnchors(Number(process.argv[2] ?? 3))}\n`);
}
