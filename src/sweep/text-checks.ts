/**
 * The free text of a sweep file (its description) is echoed by `plan`, stored in plan.json and shown
 * in summary.md: it is held to a length, and may not hide what it says behind control or
 * bidirectional-override characters.
 */
import type { Problem } from './diagnostics.js';
import { HIDDEN, echo } from './echo.js';

export const MAX_DESCRIPTION_LENGTH = 2000;

export function textChecks(root: unknown): Problem[] {
  const description = root !== null && typeof root === 'object' ? (root as { description?: unknown }).description : undefined;
  if (typeof description !== 'string') return [];
  const problems: Problem[] = [];
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push({
      path: ['description'],
      message: `is ${description.length} characters long; a description is at most ${MAX_DESCRIPTION_LENGTH}`,
      hint: 'keep it to a paragraph; longer notes belong in a README beside the sweep file',
    });
  }
  const hidden = new RegExp(HIDDEN.source).exec(description);
  if (hidden) {
    problems.push({
      path: ['description'],
      message: 'contains a control or bidirectional-override character, which would disguise how it reads',
      got: echo(hidden[0]),
      hint: 'remove it; write the description as plain text',
    });
  }
  return problems;
}
