/** `mlp-sweep gradcheck`: backprop against central differences on every tensor, as a table. */
import { type Command, InvalidArgumentError } from 'commander';
import { GRADCHECK_THRESHOLD, type GradcheckReport, type GradcheckVerdict, gradcheckVerdict, gradientCheck } from '../../core/gradcheck.js';
import { checkSettings } from '../../core/check-settings.js';
import { INIT_METHODS } from '../../core/settings.js';
import { createModel } from '../../core/train.js';
import { loadMnist } from '../../data/mnist.js';
import { addSettingOption, parseInteger, parseNumber, parseNumbers, settingOption } from '../options.js';

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got "${value.slice(0, 40)}"`);
  return n;
}

export function formatVerdict(verdict: GradcheckVerdict): string {
  if (verdict.passed) return `PASS: every tensor's best relative error is below ${verdict.threshold.toExponential(0)}\n`;
  const which = verdict.failed.map((b) => `${b.tensor} ${b.max_rel_error.toExponential(3)}`).join(', ');
  return `FAIL: best relative error not below ${verdict.threshold.toExponential(0)} on ${which}: backprop disagrees with the numeric gradient\n`;
}

export function formatGradcheck(report: GradcheckReport): string {
  const lines = [
    `gradient check on ${report.batch_rows} validation examples (mean loss ${report.loss.toFixed(6)}), float64`,
    '',
    'tensor  epsilon   samples  max |numeric - backprop|  max relative error',
  ];
  for (const row of report.rows) {
    lines.push(
      `${row.tensor.padEnd(6)}  ${row.epsilon.toExponential(0).padEnd(8)}  ${String(row.samples).padStart(7)}  ` +
        `${row.max_abs_diff.toExponential(3).padStart(24)}  ${row.max_rel_error.toExponential(3).padStart(18)}`,
    );
  }
  lines.push('', 'best epsilon per tensor:');
  for (const b of report.best) {
    lines.push(`  ${b.tensor.padEnd(6)} epsilon ${b.epsilon.toExponential(0)}  relative error ${b.max_rel_error.toExponential(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerGradcheck(program: Command): void {
  const command = program
    .command('gradcheck')
    .description('check backprop against central differences for ε = 1/(m·10^N), N = 1..5, m ∈ {1, 5}, on every tensor');
  // Settings are checked by the settings' schema, as a sweep file's are; the parsers read numbers only.
  addSettingOption(command, { long: '--hidden-sizes', alias: '--hidden', value: 'sizes' }, 'hidden layer sizes: 512,1024 or [512, 1024] (alias --hidden)', parseNumbers, [512, 1024]);
  command
    .option('--init <method>', `weight init: ${INIT_METHODS.join(' | ')}`, 'glorot')
    .option('--seed <n>', 'seed of the init and of the sampled entries', parseNumber, 1)
    .option('--rows <n>', 'validation examples in the batch', parseInteger(1), 10)
    .option('--samples <n>', 'entries sampled per tensor', parseInteger(1), 10)
    .option('--threshold <x>', 'fail (exit 1) when a tensor\'s best relative error is not below this', parseThreshold, GRADCHECK_THRESHOLD)
    .option('--json', 'print the report and its verdict as JSON')
    .addHelpText(
      'after',
      `
Verdict: PASS when, on every tensor, the max relative error at its best epsilon is below the threshold
(default ${GRADCHECK_THRESHOLD}; a correct float64 backward pass reaches about 1e-9, a wrong term 1e-2 or more).
Exit status: 0 PASS, 1 FAIL, 2 wrong usage.`,
    )
    .action((opts) => {
      const settings = checkSettings({
        hidden_sizes: settingOption<number[]>(command, 'hiddenSizes', 'hidden'),
        init: opts.init,
        seed: opts.seed,
        precision: 'float64',
        kernels: 'reference',
      });
      const dataset = loadMnist();
      const model = createModel(settings, { capacity: opts.rows });
      const report = gradientCheck(model, dataset.validation, opts.rows, { samplesPerTensor: opts.samples, seed: opts.seed });
      const verdict = gradcheckVerdict(report, opts.threshold);
      process.stdout.write(
        opts.json ? `${JSON.stringify({ ...report, verdict }, null, 2)}\n` : `${formatGradcheck(report)}\n${formatVerdict(verdict)}`,
      );
      process.exitCode = verdict.passed ? 0 : 1;
    });
}
