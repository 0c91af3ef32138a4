/**
 * `decisions.jsonl`: early stopping's decisions, one JSON line each, appended and fsync'd by the coordinator
 * (the only writer, as for the journal) the moment they are made. A resume replays them: a decision once
 * journaled is never made again. Read tolerantly: a line that is not a decision is skipped with a warning.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { validator } from '../core/validator.js';
import { DECISION_RECORD_VALIDATOR, type DecisionRecord } from './decision-schema.js';

export const DECISIONS_FILE = 'decisions.jsonl';
export type { DecisionRecord } from './decision-schema.js';

const check = (value: unknown): value is DecisionRecord => validator<DecisionRecord>(DECISION_RECORD_VALIDATOR)(value);

export function readDecisions(sweepDir: string): { decisions: DecisionRecord[]; warnings: string[] } {
  const file = path.join(sweepDir, DECISIONS_FILE);
  if (!existsSync(file)) return { decisions: [], warnings: [] };
  const decisions: DecisionRecord[] = [];
  const warnings: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (check(value)) decisions.push(value);
      else warnings.push(`${file}:${i + 1}: not a decision record; skipped (the decision is made again)`);
    });
  return { decisions, warnings };
}

export class DecisionWriter {
  readonly file: string;
  private fd: number;

  constructor(sweepDir: string) {
    this.file = path.join(sweepDir, DECISIONS_FILE);
    this.fd = openSync(this.file, 'a');
  }

  append(decision: DecisionRecord): void {
    // A torn line (a kill mid-write) is skipped by the reader; starting each line with a newline would
    // waste nothing but keeps the next one readable, so write the line whole, then fsync.
    writeSync(this.fd, `${JSON.stringify(decision)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
