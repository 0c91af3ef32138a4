/**
 * Where the queue lives: a `--queue` URL and the Redis flags, normalised once into a fully-defaulted
 * record. The password is kept out of everything that is shown: `display` is the URL with the password
 * replaced by `***`, and `redact` scrubs it from any message (a driver's error, say) before it is printed.
 *
 *   redis://127.0.0.1:6379              → host 127.0.0.1, port 6379, db 0, no password, no TLS
 *   rediss://:s3cret@cache:6380/2       → TLS, password "s3cret", db 2; shown as rediss://:***@cache:6380/2
 *   redis://cache --redis-password-file /run/secrets/redis --redis-ca ca.pem → TLS with that CA
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { RedisOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueConnectionError } from '../errors.js';

export const DEFAULT_REDIS_PORT = 6379;
/** Read when neither the URL nor a flag gives a password: keeps it out of the command line (and `ps`). */
export const PASSWORD_ENV = 'MLP_SWEEP_REDIS_PASSWORD';

const URL_FORM = 'redis://[user[:password]@]host[:port][/db], or rediss://… for TLS';

/** What the command line gives. */
export interface QueueConnectionInput {
  url: string;
  username?: string;
  password?: string;
  passwordFile?: string;
  tls?: boolean;
  caFile?: string;
}

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username: string | null;
  password: string | null;
  /** null: plain TCP. `ca`: a PEM file to trust instead of the system's authorities. */
  tls: { ca: string | null } | null;
  /** The URL as it may be printed: never with the password. */
  display: string;
}

function refuse(message: string): never {
  throw new QueueConnectionError(`--queue: ${message}`, { hint: `write it as ${URL_FORM}` });
}

export function parseQueueConnection(input: QueueConnectionInput, env: NodeJS.ProcessEnv = process.env): QueueConnection {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    // the text itself is not repeated: it may hold a password
    refuse('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') refuse(`the scheme is "${url.protocol}", expected redis: or rediss:`);
  if (url.hostname === '') refuse('no host');
  if (url.search !== '' || url.hash !== '') refuse('query strings and fragments are not read; use the --redis-* flags');
  const port = url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isSafeInteger(db) || db < 0) refuse(`the database "/${dbText}" is not a whole number ≥ 0`);

  const urlUser = url.username === '' ? null : decodeURIComponent(url.username);
  const urlPassword = url.password === '' ? null : decodeURIComponent(url.password);
  if (urlUser !== null && input.username !== undefined) refuse('the user is given both in the URL and by --redis-username');
  const given = [urlPassword !== null, input.password !== undefined, input.passwordFile !== undefined].filter(Boolean).length;
  if (given > 1) refuse('the password is given more than once (URL, --redis-password, --redis-password-file): give it once');
  let password = urlPassword ?? input.password ?? null;
  if (input.passwordFile !== undefined) {
    try {
      password = readFileSync(input.passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new QueueConnectionError(
        `--redis-password-file ${input.passwordFile}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
  }
  if (password === null && env[PASSWORD_ENV]) password = env[PASSWORD_ENV]!;
  if (password === '') password = null;

  const tls = url.protocol === 'rediss:' || input.tls === true || input.caFile !== undefined ? { ca: input.caFile ?? null } : null;
  const username = urlUser ?? input.username ?? null;
  const auth = username !== null || password !== null ? `${username ?? ''}${password !== null ? ':***' : ''}@` : '';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // [::1] → ::1 for the driver
  const display = `${tls ? 'rediss' : 'redis'}://${auth}${url.host}${db === 0 ? '' : `/${db}`}`;
  return { host, port, db, username, password, tls, display };
}

/** Removes the password from a message that may have been built from it. */
export function redact(text: string, connection: QueueConnection): string {
  const { password } = connection;
  if (password === null) return text;
  let out = text.split(password).join('***');
  const encoded = encodeURIComponent(password);
  if (encoded !== password) out = out.split(encoded).join('***');
  return out;
}

/** The driver's options; BullMQ makes its own clients from them. */
export function redisOptions(connection: QueueConnection): RedisOptions {
  let tls: { servername?: string; ca?: Buffer } | undefined;
  if (connection.tls) {
    // SNI names a host, never an address: Node deprecates an IP as servername (DEP0123)
    tls = isIP(connection.host) === 0 ? { servername: connection.host } : {};
    if (connection.tls.ca !== null) {
      try {
        tls.ca = readFileSync(connection.tls.ca);
      } catch (error) {
        throw new QueueConnectionError(`--redis-ca ${connection.tls.ca}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`);
      }
    }
  }
  return {
    host: connection.host,
    port: connection.port,
    db: connection.db,
    ...(connection.username !== null ? { username: connection.username } : {}),
    ...(connection.password !== null ? { password: connection.password } : {}),
    ...(tls ? { tls } : {}),
    // BullMQ's blocking connections must wait through a reconnect rather than fail the command
    maxRetriesPerRequest: null,
  };
}

/**
 * Connects once, without retries, and pings: so a wrong address or password fails at start with one
 * clear line, before anything is enqueued (BullMQ itself would retry forever in silence). Resolves with
 * the connected client, for a few commands of the caller's own; the caller disconnects it.
 */
export async function connectRedis(connection: QueueConnection, timeoutMs = 5000): Promise<Redis> {
  // loaded here, not with the CLI: only the queue's commands ever connect
  const { Redis: RedisClient } = await import('ioredis');
  const client = new RedisClient({
    ...redisOptions(connection),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis rejects connect() with a bare "Connection is closed."; the cause arrives as an 'error' event
  let cause: unknown = null;
  client.on('error', (error: unknown) => (cause = error));
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    const why = cause ?? error;
    const reason = redact(why instanceof Error ? why.message : String(why), connection);
    const auth = /WRONGPASS|NOAUTH|invalid password|AUTH/i.test(reason);
    throw new QueueConnectionError(`cannot use the Redis server at ${connection.display}: ${reason}`, {
      hint: auth
        ? `check the password (in the URL, --redis-password, --redis-password-file or ${PASSWORD_ENV})`
        : 'check the host and port, that redis-server runs there, and TLS (rediss://) if the server requires it',
    });
  }
}
