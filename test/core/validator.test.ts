import test from 'ava';
import { Ajv } from 'ajv';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type ValidatorSpec, validator, validatorsCompiledAtRunTime } from '../../src/core/validator.js';
import { VALIDATOR_SPECS } from '../../scripts/compile-validators.js';
import { SWEEP_FILE_VALIDATOR } from '../../src/sweep/validate.js';
import { PROJECT_ROOT } from '../helpers/sweeps.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

test('every validator spec declared in src/ is compiled ahead of time by the build', (t) => {
  const listed = new Set(VALIDATOR_SPECS.map((s) => s.name));
  const declared = sources(path.join(PROJECT_ROOT, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/: ValidatorSpec = \{ name: '([a-z-]+)'/g)].map((m) => m[1]),
  );
  t.true(declared.length >= 6);
  t.deepEqual(declared.filter((name) => !listed.has(name)), []);
  t.is(listed.size, VALIDATOR_SPECS.length, 'names are unique');
});

test('after the build no validator is compiled at run time: each generated file matches its schema', (t) => {
  for (const spec of VALIDATOR_SPECS) if (spec.name !== 'setting-epochs') validator(spec);
  t.deepEqual(validatorsCompiledAtRunTime(), []);
});

test('a generated validator gives the same verdicts and errors as ajv compiling the schema', (t) => {
  const files = [
    'name: ok\nfixed: {hidden_sizes: [8], epochs: 1}\nseeds: [1]\n',
    'name: bad\nfixed: {hidden_sizes: [0], epochs: -1, learnin_rate: 2}\ngrid: {batch_size: [a]}\nseeds: [1.5]\n',
    'nme: x\nsearch: {method: random, trials: 0, space: {learning_rate: {log_uniform: [0, 1]}}}\n',
  ].map((text) => parse(text) as unknown);
  const generated = validator(SWEEP_FILE_VALIDATOR);
  const compiled = new Ajv(SWEEP_FILE_VALIDATOR.options).compile(SWEEP_FILE_VALIDATOR.schema);
  // JSON: a verbose error's parentSchema from the schema object keeps TypeBox's Kind symbols, which no message reads
  const plain = (errors: unknown) => JSON.parse(JSON.stringify(errors)) as unknown;
  for (const file of files) {
    t.is(generated(file), compiled(file));
    t.deepEqual(plain(generated.errors), plain(compiled.errors));
  }
  t.false(generated(files[1]));
});

test('a generated file made from another schema is not used: the schema is compiled instead', (t) => {
  // setting-epochs.cjs was made from {type: integer, minimum: 1}; this spec says otherwise
  const changed: ValidatorSpec = { name: 'setting-epochs', schema: { type: 'integer', minimum: 5 }, options: { allowUnionTypes: true } };
  const validate = validator(changed);
  t.false(validate(3));
  t.true(validate(5));
  t.deepEqual(validatorsCompiledAtRunTime(), ['setting-epochs']);
});
