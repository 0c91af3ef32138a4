// ava's configuration, a function of the machine: the queue tests need a real redis-server. Where there
// is none they are left out with one line saying so, unless CI=true or MLP_SWEEP_REQUIRE_REDIS=1, where
// they run and fail saying Redis is missing (CI installs it, so CI always runs them). A single queue test
// file run by hand decides the same way in test/helpers/redis.ts.
import { spawnSync } from 'node:child_process';

const required = process.env.CI === 'true' || process.env.MLP_SWEEP_REQUIRE_REDIS === '1';
const skipQueue = !required && spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0;
if (skipQueue) {
  process.stdout.write(
    '\n  queue tests skipped: redis-server is not on PATH. To run them, install it (apt-get install redis-server)' +
      ' or let CI run them (.ci/run); CI=true or MLP_SWEEP_REQUIRE_REDIS=1 makes a missing Redis a failure.\n',
  );
}

export default {
  files: ['test/**/*.test.ts', ...(skipQueue ? ['!test/distributed/queue-*.test.ts'] : [])],
  typescript: {
    rewritePaths: { 'test/': 'dist/test/' },
    compile: false,
  },
  timeout: '5m',
  workerThreads: false,
};
