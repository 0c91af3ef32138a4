import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from '../helpers/run.js';
import { tempDirWith } from '../helpers/temp-dir.js';

/** The CLI with a reader that goes away after the first chunk, as `| head -1` does. */
function withReaderGone(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('a sweep whose stdout reader goes away runs to the end: every job journaled, no lock left, no crash', async (t) => {
  const dir = tempDirWith(t, {
    'pipe.yaml': 'name: pipe\nfixed: {hidden_sizes: [8], batch_size: 100, epochs: 2, train_limit: 500}\nseeds: [1, 2, 3]\n',
  });
  const run = await withReaderGone(['run', 'pipe.yaml', '--workers', '1', '--no-report'], dir);
  t.is(run.code, 0, run.stderr);
  t.notRegex(run.stderr, /EPIPE|Error/);
  const journal = readFileSync(path.join(dir, 'results', 'pipe', 'journal.jsonl'), 'utf8').trim().split('\n');
  t.is(journal.length, 3);
  t.false(existsSync(path.join(dir, 'results', 'pipe', '.lock')));
});

test('a plan printed whole into a reader that goes away exits 0 without a stack trace', async (t) => {
  // 6,000 rows: more than a pipe holds, so the write meets the closed pipe
  const dir = tempDirWith(t, { 'big.yaml': 'name: big\nfixed: {hidden_sizes: [8], epochs: 1}\ngrid: {learning_rate: [0.1, 0.2, 0.3]}\nseeds: 2000\n' });
  const run = await withReaderGone(['plan', 'big.yaml', '--all'], dir);
  t.is(run.code, 0, run.stderr);
  t.notRegex(run.stderr, /EPIPE|Error/);
});
