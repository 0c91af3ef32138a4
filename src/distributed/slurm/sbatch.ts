/**
 * The sbatch script of a frozen plan: a job array of one task per job, at most K running at once, each
 * task one CPU running `mlp-sweep run-job <plan> --index $SLURM_ARRAY_TASK_ID`. Pure: options in, text out.
 *
 *   #SBATCH --array=0-5%2
 *   exec '/usr/bin/node' '/opt/mlp-sweep/bin/mlp-sweep.js' run-job '/data/results/lr/slurm/3f2a9c1b04de/plan.json' \
 *     --index "${SLURM_ARRAY_TASK_ID:?…}"
 */

export interface SbatchOptions {
  sweep: string;
  planHash: string;
  /** Absolute paths of the frozen plan and of this script. */
  planFile: string;
  scriptFile: string;
  jobs: number;
  /** K: tasks running at once. */
  maxParallel: number;
  /** The command that starts mlp-sweep on a compute node, already quoted for the shell. */
  command: string;
  /** Absolute folder of the tasks' output files. */
  logsDir: string;
  /** Folder of the sweep's results, for the collect hint. */
  sweepDir: string;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
}

/** Single-quotes a word for sh: nothing inside is expanded. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function sbatchScript(o: SbatchOptions): string {
  const directives = [
    `--job-name=mlp-sweep-${o.sweep}`,
    `--array=0-${o.jobs - 1}%${o.maxParallel}`,
    '--ntasks=1',
    // a job is single-threaded: the unit of parallelism is the array task
    '--cpus-per-task=1',
    `--output=${o.logsDir}/%A_%a.out`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.account ? [`--account=${o.account}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...(o.mem ? [`--mem=${o.mem}`] : []),
  ];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${d}`),
    `# mlp-sweep: sweep ${o.sweep}, frozen plan ${o.planHash.slice(0, 12)} (${o.jobs} job${o.jobs === 1 ? '' : 's'}).`,
    `# Task i runs job i of the frozen plan and writes its record to records/<job id>.json beside it; a task`,
    `# run again rewrites the same file, so any task can be resubmitted: sbatch --array=3,7 ${shellQuote(o.scriptFile)}`,
    `# When the tasks are done: mlp-sweep collect ${shellQuote(o.sweepDir)}`,
    'set -euo pipefail',
    `exec ${o.command} run-job ${shellQuote(o.planFile)} --index "\${SLURM_ARRAY_TASK_ID:?run this script with sbatch (or set SLURM_ARRAY_TASK_ID)}"`,
    '',
  ].join('\n');
}
