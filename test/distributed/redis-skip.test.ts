import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

/** ava's configuration as it loads on a machine whose PATH has no redis-server: its files and what it printed. */
function configWithoutRedis(t: import('ava').ExecutionContext, env: NodeJS.ProcessEnv) {
  const emptyPath = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-no-redis-'));
  t.teardown(() => rmSync(emptyPath, { recursive: true, force: true }));
  const config = pathToFileURL(path.join(PROJECT_ROOT, 'ava.config.js')).href;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const c = (await import(${JSON.stringify(config)})).default; console.log(JSON.stringify(c.files));`],
    { env: { ...env, PATH: emptyPath }, encoding: 'utf8' },
  );
  t.is(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  return { files: JSON.parse(lines.at(-1)!) as string[], printed: lines.slice(0, -1).filter((l) => l.trim() !== '') };
}

const plainEnv = (): NodeJS.ProcessEnv => {
  const { CI: _ci, MLP_SWEEP_REQUIRE_REDIS: _req, ...rest } = process.env;
  return rest;
};

test('without redis-server the queue test files are left out, with one line that says how to run them', (t) => {
  const { files, printed } = configWithoutRedis(t, plainEnv());
  t.true(files.includes('!test/distributed/queue-*.test.ts'));
  t.is(printed.length, 1);
  t.regex(printed[0], /queue tests skipped: redis-server is not on PATH.*install it.*CI/);
});

test('with CI=true or MLP_SWEEP_REQUIRE_REDIS=1 a missing redis-server keeps the queue tests in, to fail', (t) => {
  for (const extra of [{ CI: 'true' }, { MLP_SWEEP_REQUIRE_REDIS: '1' }]) {
    const { files, printed } = configWithoutRedis(t, { ...plainEnv(), ...extra });
    t.deepEqual(files, ['test/**/*.test.ts'], JSON.stringify(extra));
    t.deepEqual(printed, []);
  }
});
