/**
 * User text as messages echo it: a sweep file is untrusted input, and what it says is printed to a
 * terminal and copied into plan.json and summary.md. Every echoed string is cut to a length, and the
 * characters that would reorder or hide what a reader sees (bidirectional overrides such as U+202E,
 * other controls) are shown as `\u202e` escapes.
 */
import type { Diagnostic } from './diagnostics.js';

// C0 and C1 controls but tab, newline and carriage return (JSON.stringify already escapes those in
// values); the bidi marks, embeddings, overrides and isolates; zero-width characters and the BOM
export const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with its hidden characters escaped, cut to `max` characters (an ellipsis marks the cut). */
export function echo(text: string, max = 200): string {
  const visible = text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length <= max ? visible : `${visible.slice(0, max - 1)}…`;
}

/** A diagnostic whose every part is safe to print and to store. */
export function echoDiagnostic(d: Diagnostic): Diagnostic {
  const safe: Diagnostic = { ...d, file: echo(d.file, 300), path: echo(d.path, 160), message: echo(d.message, 300) };
  if (d.got !== undefined) safe.got = echo(d.got, 100);
  if (d.hint !== undefined) safe.hint = echo(d.hint, 400);
  return safe;
}
