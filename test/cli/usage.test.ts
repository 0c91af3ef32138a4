import test from 'ava';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const { version } = JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8'));

test('--version and -V print the package version and exit 0', async (t) => {
  for (const flag of ['--version', '-V']) {
    const run = await runCli([flag]);
    t.is(run.code, 0);
    t.is(run.stdout, `${version}\n`);
  }
});

test('a usage error prints one line and a pointer to the command help, not the whole help, and exits 2', async (t) => {
  const cases: [string[], RegExp, string][] = [
    [['plan', 'x.yaml', '--bogus'], /^error: unknown option '--bogus'$/, "Run 'mlp-sweep plan --help' for usage."],
    [['frob'], /^error: unknown command 'frob'$/, "Run 'mlp-sweep --help' for usage."],
    [['run'], /^error: missing required argument 'paths'$/, "Run 'mlp-sweep run --help' for usage."],
  ];
  for (const [args, error, pointer] of cases) {
    const run = await runCli(args);
    t.is(run.code, 2, args.join(' '));
    const lines = run.stderr.trim().split('\n');
    t.is(lines.length, 2, run.stderr);
    t.regex(lines[0], error);
    t.is(lines[1], pointer);
    t.is(run.stdout, '');
  }
});
