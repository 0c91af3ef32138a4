import test from 'ava';
import { arrayRanges } from '../../src/cli/commands/collect.js';
import { sbatchScript, shellQuote } from '../../src/distributed/slurm/sbatch.js';

const options = {
  sweep: 'lr',
  planHash: '3f2a9c1b04de'.padEnd(64, '0'),
  planFile: '/data/results/lr/slurm/3f2a9c1b04de/plan.json',
  scriptFile: '/data/results/lr/slurm/3f2a9c1b04de/array.sbatch',
  jobs: 6,
  maxParallel: 2,
  command: "'/usr/bin/node' '/opt/mlp-sweep/bin/mlp-sweep.js'",
  logsDir: '/data/results/lr/slurm/3f2a9c1b04de/logs',
  sweepDir: '/data/results/lr',
};

test('the sbatch script is an array of one task per job, K at a time, each running job $SLURM_ARRAY_TASK_ID', (t) => {
  const script = sbatchScript(options);
  const lines = script.split('\n');
  t.is(lines[0], '#!/bin/bash');
  t.true(lines.includes('#SBATCH --array=0-5%2'));
  t.true(lines.includes('#SBATCH --cpus-per-task=1'));
  t.true(lines.includes('#SBATCH --output=/data/results/lr/slurm/3f2a9c1b04de/logs/%A_%a.out'));
  t.is(
    lines.find((l) => l.startsWith('exec ')),
    "exec '/usr/bin/node' '/opt/mlp-sweep/bin/mlp-sweep.js' run-job '/data/results/lr/slurm/3f2a9c1b04de/plan.json' " +
      '--index "${SLURM_ARRAY_TASK_ID:?run this script with sbatch (or set SLURM_ARRAY_TASK_ID)}"',
  );
  // Slurm reads #SBATCH lines only before the first command
  const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
  t.true(lines.every((l, i) => !l.startsWith('#SBATCH') || i < firstCommand));
});

test('partition, account, time and memory become directives only when given', (t) => {
  t.false(sbatchScript(options).includes('--partition'));
  const script = sbatchScript({ ...options, partition: 'cpu', account: 'ml', time: '00:30:00', mem: '2G' });
  for (const d of ['--partition=cpu', '--account=ml', '--time=00:30:00', '--mem=2G']) t.true(script.includes(`#SBATCH ${d}\n`), d);
});

test('paths are single-quoted for the shell, quotes inside included', (t) => {
  t.is(shellQuote("/data/it's here"), `'/data/it'\\''s here'`);
  t.is(shellQuote('$HOME'), "'$HOME'");
});

test('missing tasks are listed in --array syntax', (t) => {
  t.is(arrayRanges([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
  t.is(arrayRanges([3]), '3');
  t.is(arrayRanges([]), '');
});
