import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { JobRecord } from '../../src/journal/record.js';
import { CLI } from '../helpers/run.js';
import { tempDirWith } from '../helpers/temp-dir.js';

// A sweep with fewer jobs than --workers starts one thread per job, but its jobs still share every
// core asked for: a lone job's native kernels split their products over both (the same bits).
test('a one-job sweep run with --workers 2 trains its job on two kernel threads', (t) => {
  const dir = tempDirWith(t, { 'lone.yaml': 'name: lone\nfixed: {hidden_sizes: [8], batch_size: 100, epochs: 1, train_limit: 500, kernels: native}\nseeds: [1]\n' });
  const run = spawnSync(process.execPath, [CLI, 'run', 'lone.yaml', '--workers', '2', '--no-report', '--quiet'], { cwd: dir, encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  const [record] = readFileSync(path.join(dir, 'results', 'lone', 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JobRecord);
  const expected = Math.min(2, availableParallelism());
  t.regex(record.kernel_detail ?? '', new RegExp(`\\b${expected} threads?\\b`));
});
