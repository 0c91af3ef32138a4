/**
 * The per-call cost of the checks every fast kernel set's call passes (src/kernels/checked.ts): tiny
 * calls (1×1·1×1 products, 1×1 bias adds), where the checks are most of the work, in ns per call, for every
 * fast set that runs here. Run alone with `node dist/bench/checked-calls.js`, or `npm run bench -- --only checks`.
 */
import { pathToFileURL } from 'node:url';
import { kernelProviders } from '../src/kernels/registry.js';
import { median, timeRuns } from './stats.js';

export function benchCheckedCalls(runs = 7, calls = 1_000_000): string[] {
  const lines = [
    `## Per-call cost of the kernel checks (1×1 products and bias adds, median of ${runs} runs of ${calls} calls)`,
    '',
    '| kernel set | matmulNN ns/call | matmulTN ns/call | biasAdd ns/call |',
    '| :--- | ---: | ---: | ---: |',
  ];
  for (const provider of kernelProviders()) {
    if (provider.name === 'reference' || provider.unavailableReason() !== null) continue;
    const k = provider.create('float32');
    const [out, a, b] = [k.allocate(1), k.allocate(1), k.allocate(1)];
    const ns = (fn: () => void): string => ((median(timeRuns(runs, fn)) * 1e9) / calls).toFixed(0);
    const nn = ns(() => {
      for (let i = 0; i < calls; i++) k.matmulNN(out, a, b, 1, 1, 1);
    });
    const tn = ns(() => {
      for (let i = 0; i < calls; i++) k.matmulTN(out, a, b, 1, 1, 1);
    });
    const bias = ns(() => {
      for (let i = 0; i < calls; i++) k.biasAdd(out, a, 1, 1);
    });
    lines.push(`| ${provider.name} | ${nn} | ${tn} | ${bias} |`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${benchCheckedCalls().join('\n')}\n`);
}
