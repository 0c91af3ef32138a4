/**
 * BullMQ's objects emit 'error' for every failed Redis command or reconnect (an unhandled one would
 * crash the process). They are passed on as warnings, redacted, and each distinct message once.
 */
import type { EventEmitter } from 'node:events';
import { type QueueConnection, redact } from './connection.js';

export type Warn = (message: string) => void;

export function reportErrors(emitters: readonly EventEmitter[], connection: QueueConnection, warn: Warn, what: string): void {
  const seen = new Set<string>();
  for (const emitter of emitters) {
    emitter.on('error', (error: unknown) => {
      const message = redact(error instanceof Error ? error.message : String(error), connection);
      if (seen.has(message)) return;
      seen.add(message);
      warn(`${what} (${connection.display}): ${message}`);
    });
  }
}
