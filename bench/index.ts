/**
 * `npm run bench`: every benchmark figure the issues ask for, printed as markdown.
 * Run it on an otherwise idle machine; every figure is a median of several runs.
 * `--quick` takes fewer steps (a smoke run, not figures to quote).
 */
// relaxed SIMD must be switched on before any WebAssembly module compiles
import '../src/kernels/wasm/relaxed-simd-flag.js';
import { loadMnist } from '../src/data/mnist.js';
import { benchSweep } from './sweep.js';
import { benchThroughput } from './throughput.js';

const quick = process.argv.includes('--quick');
const dataset = loadMnist();
const out: string[] = [`# mlp-sweep benchmarks (Node ${process.version}, ${new Date().toISOString()})`, ''];
out.push(...benchThroughput(dataset, { quick, runs: quick ? 1 : 5 }).lines, '');
out.push(...(await benchSweep(dataset, quick ? 1 : 3)), '');
process.stdout.write(`${out.join('\n')}\n`);
