/**
 * A real Redis for the queue tests: `redis-server` on a free loopback port, in a temporary folder,
 * nothing saved to disk, stopped when the test file ends. CI installs Debian's redis-server (.ci/run).
 *
 * A machine without it skips these tests with a note (`npm test` leaves the files out, with one line:
 * ava.config.js); with CI=true or MLP_SWEEP_REQUIRE_REDIS=1 a missing Redis fails them instead, saying so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext, TestFn } from 'ava';

export interface RedisServer {
  host: string;
  port: number;
  password: string | null;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Stops the server (its folder stays) and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server as an outage would; `restart` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder: empty, unless it was started with `appendonly`. */
  restart(): Promise<void>;
}

export const REDIS_MISSING =
  'redis-server is not on PATH: the queue tests need a real Redis (apt-get install redis-server; .ci/run installs it). ' +
  'Without CI=true or MLP_SWEEP_REQUIRE_REDIS=1 they are skipped on such a machine.';

/** CI, or a developer who asks for it: a missing Redis is then a failure, never a skip. */
export function redisRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.MLP_SWEEP_REQUIRE_REDIS === '1';
}

export function redisInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export interface RedisOptions {
  password?: string;
  /** Persist every write to an append-only file (fsync each write), so a restart keeps the queue. */
  appendonly?: boolean;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Starts a server; a port taken between the probe and the start is retried on another. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  if (!redisInstalled()) throw new Error(REDIS_MISSING);
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-redis-'));
  const argsFor = (port: number): string[] => {
    const persist = options.appendonly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persist, '--dir', dir];
    if (options.password) args.push('--requirepass', options.password);
    return args;
  };
  const launch = async (port: number): Promise<ChildProcess> => {
    const child = spawn('redis-server', argsFor(port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForReady(child);
      return child;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await launch(port);
    } catch (error) {
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
    return {
      host: '127.0.0.1',
      port,
      password: options.password ?? null,
      url: `redis://${auth}127.0.0.1:${port}`,
      stop: async () => {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
      kill: () => stopChild(child),
      restart: async () => {
        await stopChild(child);
        child = await launch(port);
      },
    };
  }
}

/**
 * One server for a test file: started before its tests, stopped after. Returns the test function to
 * declare them with (test.skip, with a note, when no server is installed and none is required)
 * and the server's getter.
 */
export function withRedis(test: TestFn, options: RedisOptions = {}): { redisTest: TestFn; redis: () => RedisServer } {
  let server: RedisServer | undefined;
  if (!redisInstalled() && !redisRequired()) {
    test('the Redis tests of this file are skipped: redis-server is not on PATH', (t) => {
      t.log(REDIS_MISSING);
      t.pass();
    });
    return { redisTest: test.skip as unknown as TestFn, redis: () => server! };
  }
  test.before(async () => {
    server = await startRedis(options);
  });
  test.after.always(async () => {
    await server?.stop();
  });
  return {
    redisTest: test,
    redis: () => {
      if (!server) throw new Error(REDIS_MISSING);
      return server;
    },
  };
}

/** A server of one test's own, for tests that stop or restart it: stopped when the test ends. */
export async function ownRedis(t: ExecutionContext, options: RedisOptions = {}): Promise<RedisServer> {
  const server = await startRedis(options);
  t.teardown(() => server.stop());
  return server;
}
