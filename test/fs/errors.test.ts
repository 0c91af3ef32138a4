import test from 'ava';
import { describeSystemError, isSystemError } from '../../src/fs/errors.js';

const errno = (code: string, syscall: string, path?: string) => Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });

test('a full disk during a write is one line naming the file and the cause in words', (t) => {
  t.is(describeSystemError(errno('ENOSPC', 'write', 'results/quick/summary.md')), 'results/quick/summary.md: no space left on the device (ENOSPC)');
});

test('the path given wins over the one the error names, and an unknown code keeps its own words', (t) => {
  t.is(describeSystemError(errno('EACCES', 'open', '/x/.tmp'), 'results/quick'), 'results/quick: permission denied (EACCES)');
  t.is(describeSystemError(errno('ESTALE', 'read', 'f')), 'f: something (ESTALE)');
});

test('only errors with an E-code and a syscall are system errors', (t) => {
  t.true(isSystemError(errno('ENOSPC', 'write', 'f')));
  t.false(isSystemError(new Error('ENOSPC')));
  t.false(isSystemError(Object.assign(new Error('x'), { code: 'LOCKED' })));
});
