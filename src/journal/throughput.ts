/**
 * The training throughput that finished jobs actually sustained on this machine, per kernel set: what
 * `mlp-sweep plan` bases its time estimates on once anything has run. Read from every sweep's journal
 * under a results root; each ok record knows its kernel set, its layer sizes and its examples per second.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { forwardFlopsPerExample } from '../sweep/estimate.js';
import { readJournal } from './read.js';
import type { JobRecord } from './record.js';

export interface MeasuredThroughput {
  /** Median GFLOP/s of the records (for measuredThroughput: training, 3 × the forward FLOPs per example). */
  gflops: number;
  /** How many finished jobs it is the median of. */
  jobs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The median GFLOP/s of the records of every sweep under `resultsRoot`, grouped by key: `sample` gives a
 * record's key and rate, or null for a record that says nothing about speed.
 */
export function medianRates(
  resultsRoot: string,
  sample: (record: JobRecord) => { key: string; gflops: number } | null,
): Map<string, MeasuredThroughput> {
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
      continue; // an unreadable journal says nothing about speed; `run` reports it where it matters
    }
    for (const r of records) {
      const s = sample(r);
      if (s !== null) samples.set(s.key, [...(samples.get(s.key) ?? []), s.gflops]);
    }
  }
  return new Map([...samples].map(([key, xs]) => [key, { gflops: median(xs), jobs: xs.length }]));
}

/** Per kernel set name ('wasm', 'native', 'reference'), from the ok records of every sweep under `resultsRoot`. */
export function measuredThroughput(resultsRoot: string): Map<string, MeasuredThroughput> {
  return medianRates(resultsRoot, (r) => {
    if (r.status !== 'ok' || !r.kernels || !r.train_examples_per_second || !r.settings?.hidden_sizes) return null;
    return { key: r.kernels, gflops: (3 * forwardFlopsPerExample(r.settings.hidden_sizes) * r.train_examples_per_second) / 1e9 };
  });
}
