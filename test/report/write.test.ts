import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { writeFileAtomic, writeIfChanged } from '../../src/report/write.js';
import { scratchResults } from '../helpers/report/results.js';

test('a reader polling the file while it is rewritten sees only whole versions, never part of one', async (t) => {
  const dir = scratchResults(t);
  const file = path.join(dir, 'summary.md');
  // 4 MB versions: large enough that a plain write takes many chunks a reader could land between.
  const versions = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(4 << 20));
  let writing = true;
  const seen = new Set<string>();
  const reader = (async () => {
    while (writing) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      seen.add(versions.includes(text) ? `whole ${text[0]}` : `partial (${text.length} bytes)`);
    }
  })();
  for (const version of versions) await writeFileAtomic(file, version);
  writing = false;
  await reader;
  t.true(seen.size > 0);
  t.deepEqual([...seen].filter((s) => s.startsWith('partial')), []);
  t.is(readFileSync(file, 'utf8'), versions[versions.length - 1]);
});

test('no temporary file is left beside the files written', async (t) => {
  const dir = scratchResults(t);
  for (let i = 0; i < 5; i++) await writeFileAtomic(path.join(dir, 'summary.csv'), `v${i}\n`);
  await writeIfChanged(path.join(dir, 'figures', 'x.svg'), '<svg/>');
  t.deepEqual(readdirSync(dir).sort(), ['figures', 'summary.csv']);
  t.deepEqual(readdirSync(path.join(dir, 'figures')), ['x.svg']);
});

test('a write that fails at the rename leaves the target as it was and no temporary file', async (t) => {
  const dir = scratchResults(t);
  const target = path.join(dir, 'summary.md');
  mkdirSync(target);
  writeFileSync(path.join(target, 'keep'), 'x');
  await t.throwsAsync(writeFileAtomic(target, 'new'));
  t.deepEqual(readdirSync(dir), ['summary.md']);
  t.deepEqual(readdirSync(target), ['keep']);
});

test('writeIfChanged does not rewrite a file that already holds the content', async (t) => {
  const dir = scratchResults(t);
  const file = path.join(dir, 'epochs.csv');
  t.true(await writeIfChanged(file, 'a\n'));
  t.false(await writeIfChanged(file, 'a\n'));
  t.true(await writeIfChanged(file, 'b\n'));
  t.is(readFileSync(file, 'utf8'), 'b\n');
});
