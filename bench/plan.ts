/**
 * How long the planner takes for 10,000 jobs (a 10 × 10 × 10 grid × 10 seeds): parse and validate once,
 * then plan `repeats` times; the median is the figure. Part of `npm run bench` (section `plan`).
 */
import { performance } from 'node:perf_hooks';
import { parseSweepSource } from '../src/sweep/parse.js';
import { planSweep } from '../src/sweep/planner.js';
import { validateSweep } from '../src/sweep/validate.js';
import { median } from './stats.js';

const ten = (f: (i: number) => number) => Array.from({ length: 10 }, (_, i) => f(i)).join(', ');
const YAML = `name: bench
fixed: {hidden_sizes: [512, 1024]}
grid:
  learning_rate: [${ten((i) => 0.5 / 2 ** i)}]
  batch_size: [${ten((i) => 10 * (i + 1))}]
  epochs: [${ten((i) => i + 1)}]
seeds: [${ten((i) => i + 1)}]
`;

export function benchPlanning(repeats = 15): string[] {
  const t0 = performance.now();
  const source = parseSweepSource(YAML, 'bench.yaml');
  const validation = validateSweep(source.value);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  const parseMs = performance.now() - t0;
  const times: number[] = [];
  let jobs = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const planning = planSweep(validation.sweep);
    times.push(performance.now() - start);
    if (!planning.ok) throw new Error(JSON.stringify(planning.problems));
    jobs = planning.plan.jobs.length;
  }
  return [
    '## Planning',
    '',
    `${jobs} jobs planned in ${median(times).toFixed(1)} ms (median of ${repeats}; fastest ${Math.min(...times).toFixed(1)} ms, ` +
      `slowest ${Math.max(...times).toFixed(1)} ms); parse + validate ${parseMs.toFixed(1)} ms`,
  ];
}
