/**
 * `decisions.jsonl`: early stopping's decisions, one JSON line each, appended and fsync'd by the coordinator
 * (the only writer, as for the journal) the moment they are made. A resume replays them: a decision once
 * journaled is never made again. Read tolerantly: a line that is not a decision is skipped with a warning.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type ValidatorSpec, validator } from '../core/validator.js';
import { Type, type Static } from '@sinclair/typebox';
import { JOB_ID_PATTERN } from './record.js';

export const DECISIONS_FILE = 'decisions.jsonl';

const Id = Type.String({ pattern: JOB_ID_PATTERN });

export const DecisionRecordSchema = Type.Object(
  {
    /** The trial: its place in the plan and its planned job's id (decisions are replayed by id). */
    trial: Type.Integer({ minimum: 0 }),
    id: Id,
    rung: Type.Integer({ minimum: 0 }),
    /** The rung's epochs, and the id of the job that trained the trial to them. */
    epochs: Type.Integer({ minimum: 1 }),
    rung_id: Id,
    decision: Type.Union([Type.Literal('promoted'), Type.Literal('stopped')]),
    metric: Type.String(),
    /** The trials compared (the rung's prefix when the decision was made), best first. */
    compared: Type.Array(Type.Object({ trial: Type.Integer({ minimum: 0 }), id: Id, value: Type.Number() })),
    decided_at: Type.String(),
  },
  { additionalProperties: false },
);
export type DecisionRecord = Static<typeof DecisionRecordSchema>;

export const DECISION_RECORD_VALIDATOR: ValidatorSpec = { name: 'decision-record', schema: DecisionRecordSchema, options: { allErrors: false } };
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
