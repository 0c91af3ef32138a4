/**
 * Issue 16's fixed costs, whole process: `--help` and `plan` on a small file; `run`'s overhead around
 * one job of the study's network (process start to the job's start in its worker, and the job's end to
 * exit: everything a numpy script does not pay); and what the live report costs training: training
 * examples/s of the same sweep with and without --no-report, both cores training, alternating rounds.
 *
 *   node dist/bench/overhead.js [rounds]     (or `npm run bench -- --only overhead`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'bin/mlp-sweep.js');

function wallOf(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`mlp-sweep ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return (performance.now() - t0) / 1000;
}

interface JobRecordLine {
  wall_seconds: number;
  epochs: { epoch: number; train_seconds: number }[];
  settings: { train_limit: number | null };
}

function journal(results: string, sweep: string): JobRecordLine[] {
  return readFileSync(path.join(results, sweep, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JobRecordLine);
}

/** One `run` of a one-job sweep, --json: seconds before the job, and from its record to exit. */
function runAround(file: string, results: string): Promise<{ wall: number; before: number; after: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ended = 0;
    let buffer = '';
    const child = spawn(process.execPath, [CLI, 'run', file, '--workers', '1', '--results', results, '--json'], { cwd: ROOT });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.includes('"type":"job-end"')) ended = performance.now();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`run exited ${code}`));
      const wall = (performance.now() - t0) / 1000;
      const after = (performance.now() - ended) / 1000;
      const [record] = journal(results, 'overhead');
      resolve({ wall, before: wall - after - record.wall_seconds, after });
    });
  });
}

/** Training examples/s over a sweep's journal: examples trained over the sum of epochs' train_seconds. */
function trainingRate(results: string, sweep: string, examplesPerEpoch: number): number {
  const records = journal(results, sweep);
  const epochs = records.flatMap((r) => r.epochs.filter((e) => e.epoch > 0));
  return (epochs.length * examplesPerEpoch) / epochs.reduce((s, e) => s + e.train_seconds, 0);
}

export async function benchOverhead(rounds = 5): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-overhead-'));
  try {
    const one = path.join(dir, 'overhead.yaml');
    writeFileSync(one, 'name: overhead\nfixed: {hidden_sizes: [512, 1024], epochs: 1, batch_size: 200, learning_rate: 0.1}\nseeds: [1]\n');
    const many = path.join(dir, 'refresh.yaml');
    const LIMIT = 10_000;
    writeFileSync(many, `name: refresh\nfixed: {hidden_sizes: [256], epochs: 2, batch_size: 100, train_limit: ${LIMIT}}\ngrid: {learning_rate: [0.05, 0.1]}\nseeds: [1, 2, 3, 4, 5, 6]\n`);
    const help: number[] = [];
    const plan: number[] = [];
    const around: { wall: number; before: number; after: number }[] = [];
    const withReport: number[] = [];
    const withoutReport: number[] = [];
    for (let round = 0; round < rounds; round++) {
      help.push(wallOf(['--help']));
      plan.push(wallOf(['plan', 'experiments/quick.yaml']));
      const results = path.join(dir, `results-${round}`);
      around.push(await runAround(one, results));
      // alternate which goes first
      for (const report of round % 2 === 0 ? [true, false] : [false, true]) {
        const out = path.join(dir, `refresh-${round}-${report}`);
        wallOf(['run', many, '--workers', '2', '--results', out, '--quiet', ...(report ? [] : ['--no-report'])]);
        (report ? withReport : withoutReport).push(trainingRate(out, 'refresh', LIMIT));
        rmSync(out, { recursive: true, force: true });
      }
      rmSync(results, { recursive: true, force: true });
    }
    const m = (list: number[]): string => median(list).toFixed(2);
    const ratio = median(withReport) / median(withoutReport);
    return [
      `## Fixed costs, whole process (median of ${rounds} rounds)`,
      '',
      '| what | seconds | target |',
      '|---|---|---|',
      `| \`mlp-sweep --help\` | ${m(help)} | ≤ 0.3 |`,
      `| \`mlp-sweep plan experiments/quick.yaml\` | ${m(plan)} | ≤ 0.3 |`,
      `| \`run\` of one study job: start → the job starts in its worker | ${m(around.map((a) => a.before))} | |`,
      `| \`run\`: the job's record → exit (final report included) | ${m(around.map((a) => a.after))} | |`,
      `| \`run\`'s fixed overhead (the two above) | ${m(around.map((a) => a.before + a.after))} | ≤ 0.5 |`,
      `| the whole run (1 epoch) | ${m(around.map((a) => a.wall))} | |`,
      '',
      `Live report vs --no-report, 12 jobs of [256] on \`--workers 2\`: training ${median(withReport).toFixed(0)} vs ${median(withoutReport).toFixed(0)} examples/s, ` +
        `ratio ${ratio.toFixed(3)} (target: within 2%, ≥ 0.98)`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchOverhead(Number(process.argv[2] ?? 5))}\n`);
}
