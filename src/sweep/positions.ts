/**
 * Positions a `Problem` (a path into the parsed value) in the YAML source, so that every message names
 * file:line:col. When the path leads somewhere the source does not spell out (a value brought in by a
 * `<<` merge, a key that is missing), the deepest node that exists is used.
 */
import { isAlias, isMap, isScalar, isSeq, type Node } from '../vendor/yaml.js';
import { formatPath, type Diagnostic, type Problem } from './diagnostics.js';
import type { ParsedSource } from './parse.js';

export function locate(source: ParsedSource, problem: Problem): Diagnostic {
  const offset = offsetOf(source, problem);
  const { line, col } = source.lineCounter.linePos(offset);
  const diagnostic: Diagnostic = {
    file: source.file,
    line,
    col,
    path: formatPath(problem.path),
    message: problem.message,
    severity: problem.severity ?? 'error',
  };
  if (problem.got !== undefined) diagnostic.got = problem.got;
  if (problem.hint !== undefined) diagnostic.hint = problem.hint;
  return diagnostic;
}

function offsetOf(source: ParsedSource, problem: Problem): number {
  const { document } = source;
  let node: unknown = document.contents;
  let offset = startOf(node) ?? 0;
  for (let i = 0; i < problem.path.length; i++) {
    if (isAlias(node)) node = node.resolve(document);
    const segment = problem.path[i];
    const last = i === problem.path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (last && problem.atKey) return startOf(pair.key) ?? offset;
      // `key:` with nothing after it has no value node; the key is the place.
      offset = startOf(pair.value) ?? startOf(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = startOf(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function startOf(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
