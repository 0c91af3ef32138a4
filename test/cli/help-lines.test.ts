import test from 'ava';
import { COMMANDS, buildProgram } from '../../src/cli/main.js';

// `mlp-sweep --help` is written from COMMANDS' help lines without loading a command module: they
// must be the commands' own.
test("the program's help, drawn from the command table alone, is the one of the commands themselves", async (t) => {
  const summary = await buildProgram('--help');
  const full = await buildProgram('--help', { summariesOnly: false });
  t.is(summary.helpInformation(), full.helpInformation());
  const help = full.createHelp();
  t.deepEqual(
    full.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() })),
    COMMANDS.map(({ name, term, description }) => ({ name, term, description })),
  );
});

test('a command line that names a command builds the program with that command alone', async (t) => {
  const program = await buildProgram('plan');
  t.deepEqual(program.commands.map((c) => c.name()), ['plan']);
  t.true(program.commands[0].options.length > 0, 'the real command, with its options');
});
