/**
 * The sweep format as a JSON Schema document, for editors: generated from the TypeBox schema that
 * validates files (schema.ts), so the two cannot drift. Published as schema/sweep.schema.json (a test
 * checks it is up to date; `npm run schema` rewrites it) and named by the shipped experiments'
 * `# yaml-language-server: $schema=../schema/sweep.schema.json` line, so editors complete and check keys.
 */
import { SweepFileSchema } from './schema.js';

export const SWEEP_SCHEMA_FILE = 'schema/sweep.schema.json';

/** The published document: the file schema with the draft and a title (TypeBox's own symbols dropped). */
export function sweepJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mlp-sweep sweep file',
    description: 'A sweep of MLP trainings on MNIST: fixed settings, named runs, a grid, a zip, include/exclude, seeds, a random search, early stopping. See docs/SWEEP-FILES.md.',
    ...(JSON.parse(JSON.stringify(SweepFileSchema)) as Record<string, unknown>),
  };
}

/** The file's text, as written by `npm run schema`. */
export function sweepJsonSchemaText(): string {
  return `${JSON.stringify(sweepJsonSchema(), null, 2)}\n`;
}
