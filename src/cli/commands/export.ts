/**
 * `mlp-sweep export <results>/<sweep> <job id> [--out file]`: where a job's kept model is, or a copy of
 * it elsewhere. The model is checked (layout, sha256) before it is named or copied, so what this prints
 * is always a whole, readable file. A unique prefix of the id is enough.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { MODELS_FOLDER, decodeModel, modelFile } from '../../journal/checkpoint/model-file.js';
import { MlpSweepError } from '../../errors.js';
import { writeFileAtomicSync } from '../../fs/atomic-write-sync.js';

export class ExportError extends MlpSweepError {
  constructor(message: string, hint?: string) {
    super('EXPORT', message, { hint });
  }
}

const HELP_AFTER = `
A sweep keeps its trained models with \`keep: final\` in its file, or \`mlp-sweep run … --keep-models\`:
each finished job's weights go to <results>/<sweep>/models/<job id>.safetensors (safetensors: numpy and
PyTorch read it; scripts/forward.py is a numpy forward pass). Job ids are in summary.csv and the journal.

Examples:
  mlp-sweep export results/quick 9fdb2fa7793e
  mlp-sweep export results/quick 9fdb --out /tmp/best.safetensors`;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description("print where a job's kept model is, or copy it elsewhere (--out)")
    .argument('<folder>', "the sweep's results folder (results/<sweep>)")
    .argument('<job>', 'the job id, or a unique prefix of it')
    .option('--out <file>', 'write a copy of the model here instead of printing its path')
    .addHelpText('after', HELP_AFTER)
    .action((folder: string, job: string, options: { out?: string }) => {
      process.stdout.write(`${exportModel(folder, job, options.out)}\n`);
    });
}

/** The kept models' job ids in `folder`. */
function keptIds(folder: string): string[] {
  try {
    return readdirSync(path.join(folder, MODELS_FOLDER))
      .filter((name) => name.endsWith('.safetensors') && !name.startsWith('.'))
      .map((name) => name.slice(0, -'.safetensors'.length));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The line to print: the model's path, or where the copy was written. Throws ExportError. */
export function exportModel(folder: string, job: string, out?: string): string {
  const ids = keptIds(folder);
  const matches = ids.filter((id) => id.startsWith(job));
  if (matches.length === 0) {
    throw new ExportError(
      `${path.join(folder, MODELS_FOLDER)} has no kept model of job ${job} (${ids.length} kept model${ids.length === 1 ? '' : 's'} there)`,
      'models are kept with `keep: final` in the sweep file or `mlp-sweep run … --keep-models`; a job that finished without it must run again (--force) to keep its model',
    );
  }
  if (matches.length > 1) throw new ExportError(`job ${job} is ambiguous: ${matches.sort().join(', ')}`, 'give more digits of the id');
  const file = modelFile(folder, matches[0]);
  const bytes = readFileSync(file);
  try {
    decodeModel(bytes, file);
  } catch (error) {
    throw new ExportError(`${(error as Error).message}`, 'the model file is damaged: run the job again with --force to rewrite it');
  }
  if (out === undefined) return file;
  writeFileAtomicSync(out, bytes);
  return `wrote ${out} (job ${matches[0]}, ${bytes.length} bytes)`;
}
