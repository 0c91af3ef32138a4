import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { writeReport } from '../../src/report/index.js';
import { scratchResults } from '../helpers/report/results.js';

test('--png writes a PNG beside every figure it draws, and a refresh with nothing new rewrites none', async (t) => {
  const dir = path.join(scratchResults(t, 'troubled'), 'troubled');
  const first = await writeReport(dir, { jobFigures: false, png: true });
  const svgs = first.written.filter((f) => f.endsWith('.svg'));
  const pngs = first.written.filter((f) => f.endsWith('.png'));
  t.deepEqual(pngs, svgs.map((f) => f.replace(/\.svg$/, '.png')));
  t.true(pngs.length >= 3);
  for (const file of pngs) t.deepEqual([...readFileSync(file).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], file);
  const second = await writeReport(dir, { jobFigures: false, png: true });
  t.deepEqual(second.written, []);
});
