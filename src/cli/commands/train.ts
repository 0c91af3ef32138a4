/** `mlp-sweep train`: one training run from command-line settings, printing every epoch's metrics. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { checkSettings } from '../../core/check-settings.js';
import { INIT_METHODS, KERNEL_CHOICES, PRECISIONS } from '../../core/settings.js';
import { formatDuration } from '../../duration.js';
import { train } from '../../core/train.js';
import type { EpochMetrics } from '../../core/metrics.js';
import { loadMnist } from '../../data/mnist.js';
import { setNativeThreads } from '../../kernels/native/kernels.js';
import { addSettingOption, parseNumber, parseNumbers, settingOption } from '../options.js';

function formatEpoch(m: EpochMetrics): string {
  const pct = (x: number | null): string => (x === null ? '     -' : `${(100 * x).toFixed(2)}%`);
  const num = (x: number | null): string => (x === null ? '     -' : x.toFixed(4));
  return (
    `epoch ${String(m.epoch).padStart(3)}  train loss ${num(m.train_loss)} acc ${pct(m.train_accuracy)}` +
    `  validation loss ${num(m.validation_loss)} acc ${pct(m.validation_accuracy)}` +
    (m.epoch > 0 ? `  (${formatDuration(m.train_seconds)})` : '')
  );
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train one model on MNIST and print its metrics per epoch (no sweep file needed)');
  // Values are checked by the settings' schema, as a sweep file's are; the parsers read numbers only.
  // The settings' names are the sweep file's (learning_rate → --learning-rate); the short ones stay as aliases.
  addSettingOption(command, { long: '--hidden-sizes', alias: '--hidden', value: 'sizes' }, 'hidden layer sizes: 512,1024 or [512, 1024] (alias --hidden)', parseNumbers, [512, 1024]);
  addSettingOption(command, { long: '--learning-rate', alias: '--lr', value: 'rate' }, 'learning rate (alias --lr)', parseNumber, 0.1);
  addSettingOption(command, { long: '--batch-size', alias: '--batch', value: 'size' }, 'batch size (alias --batch)', parseNumber, 200);
  command
    .option('--init <method>', `weight init: ${INIT_METHODS.join(' | ')}`, 'glorot')
    .option('--epochs <n>', 'epochs', parseNumber, 10)
    .option('--seed <n>', 'seed of init and shuffles', parseNumber, 1)
    .option('--precision <p>', `${PRECISIONS.join(' | ')}`, 'float32')
    .option('--kernels <set>', `${KERNEL_CHOICES.join(' | ')}`, 'auto')
    .option('--train-limit <n>', 'train on the first n training examples only', parseNumber)
    .option('--threads <n>', 'threads of the native kernels (the same results for any count; default: every core)', parseNumber)
    .option('--json', 'print the whole outcome as JSON instead of a table')
    .action((opts) => {
      // one job: it may use every core (the native set splits each product's columns, same bits)
      setNativeThreads(opts.threads ?? Math.min(64, availableParallelism()));
      const settings = checkSettings({
        hidden_sizes: settingOption(command, 'hiddenSizes', 'hidden'),
        init: opts.init,
        learning_rate: settingOption(command, 'learningRate', 'lr'),
        batch_size: settingOption(command, 'batchSize', 'batch'),
        epochs: opts.epochs,
        seed: opts.seed,
        precision: opts.precision,
        kernels: opts.kernels,
        train_limit: opts.trainLimit ?? null,
      });
      // Checked before the dataset loads, so a mistake costs nothing.
      const dataset = loadMnist();
      const outcome = train(settings, dataset, {
        onEpoch: opts.json ? undefined : (m) => process.stdout.write(`${formatEpoch(m)}\n`),
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ settings, ...outcome }, null, 2)}\n`);
      } else {
        if (outcome.test) {
          process.stdout.write(
            `test loss ${outcome.test.loss.toFixed(4)} acc ${(100 * outcome.test.accuracy).toFixed(2)}%` +
              `  (kernels ${outcome.kernels}, ${Math.round(outcome.train_examples_per_second)} examples/s)\n`,
          );
        }
        if (outcome.divergence) {
          const d = outcome.divergence;
          process.stdout.write(`diverged at epoch ${d.epoch}${d.batch === null ? '' : `, batch ${d.batch}`} (loss ${d.loss})\n`);
        }
      }
      if (outcome.status !== 'ok') process.exitCode = 1;
    });
}
