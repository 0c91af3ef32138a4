import test from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { withRedis } from '../helpers/redis.js';
import { spawnCli, tempDir } from '../helpers/run.js';
import { freshQueueName, obliterate, startCli } from '../helpers/queue.js';

const PASSWORD = 'Sup3r-s3cret/pw';
const { redisTest, redis } = withRedis(test, { password: PASSWORD });

function twoJobSweep(): string {
  const dir = tempDir();
  const file = path.join(dir, 'pw.yaml');
  writeFileSync(file, 'name: pw\nfixed: {hidden_sizes: [16], batch_size: 100, epochs: 1, train_limit: 1000}\nseeds: [1, 2]\n');
  return file;
}

const leaks = (text: string): boolean => text.includes(PASSWORD) || text.includes(encodeURIComponent(PASSWORD));

redisTest('the password works from the URL and from the environment, and is never printed', async (t) => {
  const name = freshQueueName();
  const { port } = redis();
  // the worker takes it from the environment, the coordinator from the URL
  const worker = startCli(t, ['worker', '--queue', `redis://127.0.0.1:${port}`, '--queue-name', name, '--workers', '1'], {
    MLP_SWEEP_REDIS_PASSWORD: PASSWORD,
  });
  await worker.waitFor(/waiting for jobs/);
  const run = await spawnCli(['run', twoJobSweep(), '--results', tempDir(), '--no-report', '--queue', redis().url, '--queue-name', name]);
  worker.child.kill('SIGINT');
  const end = await worker.done;
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /2 ok, 0 diverged, 0 failed/);
  t.regex(end.stdout, /at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+;/);
  for (const text of [run.stdout, run.stderr, end.stdout, end.stderr]) t.false(leaks(text), text);
  await obliterate(redis(), name);
});

redisTest('a wrong password fails at start, exit 1, saying so without printing it', async (t) => {
  const run = await spawnCli(['run', twoJobSweep(), '--results', tempDir(), '--queue', `redis://:not-${encodeURIComponent(PASSWORD)}@127.0.0.1:${redis().port}`]);
  t.is(run.code, 1);
  t.regex(run.stderr, /cannot use the Redis server at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
  t.regex(run.stderr, /hint: check the password/);
  t.false(leaks(run.stdout + run.stderr));
  t.false((run.stdout + run.stderr).includes('not-'));
});

redisTest('a worker without the password fails at start, exit 1, with the hint', async (t) => {
  const run = await spawnCli(['worker', '--queue', `redis://127.0.0.1:${redis().port}`]);
  t.is(run.code, 1);
  t.regex(run.stderr, /cannot use the Redis server at redis:\/\/127\.0\.0\.1:\d+: NOAUTH/);
  t.regex(run.stderr, /MLP_SWEEP_REDIS_PASSWORD/);
});

test('a server that is not there fails at start with the address', async (t) => {
  const run = await spawnCli(['worker', '--queue', 'redis://:hidden@127.0.0.1:1']);
  t.is(run.code, 1);
  t.regex(run.stderr, /cannot use the Redis server at redis:\/\/:\*\*\*@127\.0\.0\.1:1: connect ECONNREFUSED/);
  t.false(run.stderr.includes('hidden'));
});
