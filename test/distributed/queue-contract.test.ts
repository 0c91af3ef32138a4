import test from 'ava';
import { launcherContract } from '../launch/contract.js';
import { withRedis } from '../helpers/redis.js';
import { LauncherWithWorker } from './queue-helpers.js';

const { redisTest, redis } = withRedis(test);

launcherContract(redisTest, 'queue with one worker of 2 threads', () => new LauncherWithWorker(redis()));
