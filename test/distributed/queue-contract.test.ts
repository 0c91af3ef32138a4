import test from 'ava';
import { launcherContract } from '../helpers/launcher-contract.js';
import { withRedis } from '../helpers/redis.js';
import { LauncherWithWorker } from '../helpers/queue.js';

const { redisTest, redis } = withRedis(test);

launcherContract(redisTest, 'queue with one worker of 2 threads', () => new LauncherWithWorker(redis()));
