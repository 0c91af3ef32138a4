/** `npm run schema`: rewrites schema/sweep.schema.json from the TypeBox schema (src/sweep/json-schema.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SWEEP_SCHEMA_FILE, sweepJsonSchemaText } from '../src/sweep/json-schema.js';

// this file runs from dist/scripts/
const target = fileURLToPath(new URL(`../../${SWEEP_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, sweepJsonSchemaText());
process.stdout.write(`wrote ${SWEEP_SCHEMA_FILE}\n`);
