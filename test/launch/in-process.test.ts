import test from 'ava';
import { InProcessLauncher } from '../../src/launch/in-process.js';
import { mnist } from '../helpers/mnist.js';
import { launcherContract } from '../helpers/launcher-contract.js';

launcherContract(test, 'in-process', () => new InProcessLauncher(mnist()));
