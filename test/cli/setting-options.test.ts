import test from 'ava';
import { runCli } from '../helpers/cli.js';

const settingsOf = async (args: string[]) => {
  const run = await runCli(['train', ...args, '--epochs', '1', '--train-limit', '100', '--json']);
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout).settings;
};

test('train takes the sweep file names as long options, and the short ones as aliases for the same settings', async (t) => {
  const long = await settingsOf(['--hidden-sizes', '[8]', '--learning-rate', '0.3', '--batch-size', '50']);
  const short = await settingsOf(['--hidden', '8', '--lr', '0.3', '--batch', '50']);
  t.like(long, { hidden_sizes: [8], learning_rate: 0.3, batch_size: 50 });
  t.deepEqual(short, long);
});

test('train --help names the long options and shows hidden sizes as a sweep file writes them', async (t) => {
  const help = (await runCli(['train', '--help'])).stdout;
  t.regex(help, /--hidden-sizes <sizes>/);
  t.regex(help, /--learning-rate <rate>/);
  t.regex(help, /--batch-size <size>/);
  t.regex(help, /\(default: \[512, 1024\]\)/);
  t.notRegex(help, /^\s+--lr </m);
});
