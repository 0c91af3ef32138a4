/**
 * Two sweep files with one `name` share a results folder, and the second silently resumes (or mixes
 * into) the first's journal. Each run saves the file its plan came from in plan.json; before the next
 * run writes into the folder, a different file is worth a warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../sweep/job.js';
import { PLAN_FILE } from '../journal/plan-file.js';

/** The warning for a plan about to write into `dir`, whose plan.json came from another sweep file; else null. */
export function otherSourceWarning(dir: string, plan: Plan): string | null {
  if (plan.source === undefined) return null;
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(path.join(dir, PLAN_FILE), 'utf8'));
  } catch {
    return null; // no plan yet (a new sweep), or one being rewritten: nothing to compare with
  }
  const source = (saved as { source?: unknown }).source;
  if (typeof source !== 'string' || path.resolve(source) === plan.source) return null;
  return (
    `${dir} holds the sweep "${plan.sweep}" planned from ${source}, and ${plan.source} writes into it too ` +
    `(the same name), so their jobs share one journal; unless that is meant, give one of them another name:`
  );
}
