import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseQueueConnection, redact, redisOptions } from '../../src/distributed/queue/connection.js';
import { QueueConnectionError } from '../../src/distributed/errors.js';

const parse = (url: string, flags = {}, env = {}) => parseQueueConnection({ url, ...flags }, env);

test('a plain URL gives host, port and database, with defaults', (t) => {
  t.like(parse('redis://127.0.0.1'), { host: '127.0.0.1', port: 6379, db: 0, password: null, tls: null, display: 'redis://127.0.0.1' });
  t.like(parse('redis://cache.local:6380/3'), { host: 'cache.local', port: 6380, db: 3, display: 'redis://cache.local:6380/3' });
  t.like(parse('redis://[::1]:7000'), { host: '::1', port: 7000, display: 'redis://[::1]:7000' });
});

test('a password in the URL is used, decoded, and shown as ***', (t) => {
  const c = parse('rediss://ops:p%40ss%2Fw%3Ard@cache:6380/2');
  t.is(c.username, 'ops');
  t.is(c.password, 'p@ss/w:rd');
  t.deepEqual(c.tls, { ca: null });
  t.is(c.display, 'rediss://ops:***@cache:6380/2');
  t.false(c.display.includes('p@ss'));
});

test('the password can come from a flag, a file or the environment, and never shows', (t) => {
  t.is(parse('redis://h', { password: 'flag-pw' }).password, 'flag-pw');
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-pw-'));
  writeFileSync(path.join(dir, 'pw'), 'file-pw\n');
  t.is(parse('redis://h', { passwordFile: path.join(dir, 'pw') }).password, 'file-pw');
  const fromEnv = parse('redis://h', {}, { MLP_SWEEP_REDIS_PASSWORD: 'env-pw' });
  t.is(fromEnv.password, 'env-pw');
  t.is(fromEnv.display, 'redis://:***@h');
});

test('a password given twice is refused rather than one silently winning', (t) => {
  const error = t.throws(() => parse('redis://:a@h', { password: 'b' }), { instanceOf: QueueConnectionError });
  t.regex(error!.message, /given more than once/);
});

test('TLS comes from rediss://, --redis-tls or a CA file', (t) => {
  t.deepEqual(parse('redis://h', { tls: true }).tls, { ca: null });
  t.deepEqual(parse('redis://h', { caFile: '/etc/ca.pem' }).tls, { ca: '/etc/ca.pem' });
  t.is(parse('redis://h', { tls: true }).display, 'rediss://h');
  t.like(redisOptions(parse('rediss://h')), { tls: { servername: 'h' }, maxRetriesPerRequest: null });
});

const bad: [string, RegExp][] = [
  ['not a url :secret@', /--queue: not a URL/],
  ['http://:secret@h:80', /the scheme is "http:", expected redis: or rediss:/],
  ['redis://:secret@h/x', /the database "\/x" is not a whole number/],
  ['redis://:secret@h?password=secret', /query strings and fragments are not read/],
];
for (const [url, message] of bad) {
  test(`a malformed --queue (${message.source.slice(0, 30)}…) is refused without repeating the URL`, (t) => {
    const error = t.throws(() => parse(url), { instanceOf: QueueConnectionError });
    t.regex(error!.message, message);
    t.false(error!.describe().includes('secret'));
    t.regex(error!.hint!, /redis:\/\/\[user\[:password\]@\]host/);
  });
}

test('redact removes the password, plain or URL-encoded, from any text', (t) => {
  const c = parse('redis://:p%40ss@h');
  t.is(redact('AUTH p@ss failed for redis://:p%40ss@h', c), 'AUTH *** failed for redis://:***@h');
  t.is(redact('nothing to hide', parse('redis://h')), 'nothing to hide');
});

test('TLS to an IP address sends no server name (Node deprecates that, DEP0123); to a host name it does', (t) => {
  t.deepEqual(redisOptions(parse('rediss://10.0.0.5:6380')).tls, {});
  t.deepEqual(redisOptions(parse('rediss://[::1]')).tls, {});
  t.deepEqual(redisOptions(parse('rediss://queue.example')).tls, { servername: 'queue.example' });
});
