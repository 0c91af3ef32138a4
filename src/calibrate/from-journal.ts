/**
 * What finished jobs of a shape took, from every sweep's journal under a results root: the best basis for
 * an estimate of jobs of that shape, since a job's wall time holds everything (evaluation, batch
 * gathering, the load of the machine). Per shape: the median of each ok job's FLOPs over its wall time.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readJournal } from '../journal/read.js';
import { estimateJob } from '../sweep/estimate.js';
import { shapeKey } from './measure.js';

export interface ShapeMeasurement {
  gflops: number;
  jobs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function journalRates(resultsRoot: string): Map<string, ShapeMeasurement> {
  let sweeps: string[];
  try {
    sweeps = readdirSync(resultsRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return new Map();
  }
  const samples = new Map<string, number[]>();
  for (const sweep of sweeps) {
    let records;
    try {
      records = readJournal(path.join(resultsRoot, sweep)).records;
    } catch {
      continue; // an unreadable journal says nothing about speed
    }
    for (const r of records) {
      if (r.status !== 'ok' || !r.kernels || !(r.wall_seconds > 0) || !Array.isArray(r.settings?.hidden_sizes)) continue;
      const key = shapeKey({ ...r.settings, kernels: r.kernels });
      samples.set(key, [...(samples.get(key) ?? []), estimateJob(r.settings).flops / r.wall_seconds / 1e9]);
    }
  }
  return new Map([...samples].map(([key, xs]) => [key, { gflops: median(xs), jobs: xs.length }]));
}
