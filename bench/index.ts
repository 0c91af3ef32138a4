/**
 * `npm run bench`: every benchmark figure the issues ask for, printed as markdown.
 * Run it on an otherwise idle machine; every figure is a median of several runs.
 *   --quick          fewer steps and runs (a smoke run, not figures to quote)
 *   --only a,b       just these sections: throughput, kernels, checks, anchors, overhead, sweep, distributed, plan, checkpoint
 */
// relaxed SIMD must be switched on before any WebAssembly module compiles
import '../src/kernels/wasm/relaxed-simd-flag.js';
import { loadMnist } from '../src/data/mnist.js';
import { benchAnchors } from './anchors.js';
import { benchCheckedCalls } from './checked-calls.js';
import { benchCheckpoint } from './checkpoint.js';
import { benchDistributed } from './distributed.js';
import { benchKernels } from './kernels.js';
import { benchOverhead } from './overhead.js';
import { benchPlanning } from './plan.js';
import { benchSweep } from './sweep.js';
import { benchThroughput } from './throughput.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null;
const wanted = (section: string): boolean => only === null || only.has(section);

const dataset = loadMnist();
const print = (lines: string | string[]): void => {
  process.stdout.write(`${Array.isArray(lines) ? lines.join('\n') : lines}\n\n`);
};
print(`# mlp-sweep benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
if (wanted('throughput')) print(benchThroughput(dataset, { quick, runs: quick ? 1 : 5 }).lines);
if (wanted('kernels')) print(await benchKernels({ quick }));
if (wanted('checks')) print(benchCheckedCalls(quick ? 3 : 7, quick ? 200_000 : 1_000_000));
if (wanted('anchors')) print(await benchAnchors(quick ? 1 : 3));
if (wanted('overhead')) print(await benchOverhead(quick ? 1 : 5));
if (wanted('sweep')) print(await benchSweep(dataset, quick ? 1 : 3));
if (wanted('distributed')) print(await benchDistributed(dataset, quick ? 1 : 3));
if (wanted('plan')) print(benchPlanning(quick ? 3 : 15));
if (wanted('checkpoint')) print(benchCheckpoint(dataset, { quick, runs: quick ? 1 : 5 }));
