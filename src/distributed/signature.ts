/**
 * An optional shared secret for queues that untrusted clients can reach. A content id proves that a
 * message is consistent, not who sent it; with a secret, the coordinator signs every message and each
 * worker signs its result, HMAC-SHA256 over the RFC 8785 JSON of the value, and each side refuses what
 * is not signed with the same secret. Without one (null) nothing is signed and signatures are ignored.
 *
 *   message:  { …the job message…, signature: "<64 hex>" }
 *   result:   { record: {…JobRecord…}, signature: "<64 hex>" }   (unsigned: the record itself)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { QueueConnectionError } from './errors.js';

/** Read when no --secret-file is given: keeps the secret out of the command line. */
export const SECRET_ENV = 'MLP_SWEEP_QUEUE_SECRET';

export function hmac(value: unknown, secret: string): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value cannot be written as JSON');
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** True when `signature` is the HMAC of `value` under `secret` (compared in constant time). */
export function verify(value: unknown, signature: unknown, secret: string): boolean {
  return sameSignature(() => hmac(value, secret), signature);
}

/**
 * True when `signature` (untrusted) is 64 hex digits equal to the one `expected` computes, compared in
 * constant time; `expected` runs only for a well-formed signature. For every HMAC-SHA256 the queue checks.
 */
export function sameSignature(expected: () => string, signature: unknown): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(expected(), 'hex'), Buffer.from(signature, 'hex'));
}

export function signedResult(record: unknown, secret: string | null): unknown {
  return secret === null ? record : { record, signature: hmac(record, secret) };
}

/** The record inside a result, or why it is refused. */
export function openResult(value: unknown, secret: string | null): { record: unknown } | { problem: string } {
  if (secret === null) return { record: value };
  const signed = value as { record?: unknown; signature?: unknown } | null;
  if (signed === null || typeof signed !== 'object' || !('record' in signed)) return { problem: 'an unsigned result' };
  if (!verify(signed.record, signed.signature, secret)) return { problem: 'a result not signed with the queue secret' };
  return { record: signed.record };
}

/** The secret from `--secret-file`, else MLP_SWEEP_QUEUE_SECRET, else null. */
export function readSecret(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  let secret: string | undefined = env[SECRET_ENV];
  if (file !== undefined) {
    try {
      secret = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new QueueConnectionError(`--secret-file ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  if (secret === undefined || secret === '') return null;
  return secret;
}
