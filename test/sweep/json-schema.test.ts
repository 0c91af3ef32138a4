import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { SWEEP_SCHEMA_FILE, sweepJsonSchemaText } from '../../src/sweep/json-schema.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

const EXPERIMENTS = path.join(PROJECT_ROOT, 'experiments');
const shipped = readdirSync(EXPERIMENTS).filter((f) => f.endsWith('.yaml'));

test('the published JSON Schema is the one generated from the TypeBox schema (npm run schema rewrites it)', (t) => {
  t.is(readFileSync(path.join(PROJECT_ROOT, SWEEP_SCHEMA_FILE), 'utf8'), sweepJsonSchemaText());
});

test('every shipped experiment names the schema for editors and is valid under it', (t) => {
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(path.join(PROJECT_ROOT, SWEEP_SCHEMA_FILE), 'utf8')));
  t.true(shipped.length > 0);
  for (const file of shipped) {
    const text = readFileSync(path.join(EXPERIMENTS, file), 'utf8');
    t.is(text.split('\n')[0], '# yaml-language-server: $schema=../schema/sweep.schema.json', file);
    t.true(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`);
  }
});

test('an editor checking against the published schema flags an unknown key as the CLI does', (t) => {
  const validate = new Ajv({ allowUnionTypes: true }).compile(JSON.parse(readFileSync(path.join(PROJECT_ROOT, SWEEP_SCHEMA_FILE), 'utf8')));
  t.false(validate({ name: 'x', fixed: { lr: 0.1 } }));
  t.true(validate({ fixed: { learning_rate: 0.1 }, seeds: 3, grid: { init: ['glorot'], include: [{ init: 'zeros' }] } }));
});
