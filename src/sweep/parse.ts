/**
 * YAML text → the parsed value, with the document kept so every later problem can be positioned in the
 * source. Syntax errors, duplicate keys and runaway alias expansion are reported here, all of them.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatPath, show, type Diagnostic, type Path, type PathSegment } from './diagnostics.js';

/** How many alias expansions a file may make; YAML's own default, and far more than a sweep needs. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedSource {
  file: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The file as plain data; `undefined` when it could not be read (syntax errors, alias expansion). */
  value: unknown;
  /** Problems found while parsing, already positioned. */
  diagnostics: Diagnostic[];
}

export function parseSweepSource(text: string, file: string): ParsedSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    // `<<: *defaults` is how GitHub Actions files share settings; readers of sweep files expect it too.
    merge: true,
  });
  const at = (offset: number) => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  let readable = true;

  for (const error of document.errors) {
    const { line, col } = at(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const duplicate = findDuplicateKey(document, error.pos[0]);
      const first = duplicate ? at(duplicate.firstOffset) : undefined;
      diagnostics.push({
        file,
        line,
        col,
        path: formatPath(duplicate?.path ?? []),
        message: first ? `duplicate key: already set on line ${first.line}` : 'duplicate key',
        got: duplicate ? show(duplicate.path[duplicate.path.length - 1]) : undefined,
        hint: 'a key may appear once in a mapping; keep one of them',
        severity: 'error',
      });
    } else {
      readable = false;
      diagnostics.push({
        file,
        line,
        col,
        path: formatPath(pathAt(document, error.pos[0])),
        message: `YAML syntax: ${firstLine(error.message)}`,
        severity: 'error',
      });
    }
  }
  for (const warning of document.warnings) {
    const { line, col } = at(warning.pos[0]);
    const path = formatPath(pathAt(document, warning.pos[0]));
    diagnostics.push({ file, line, col, path, message: `YAML: ${firstLine(warning.message)}`, severity: 'notice' });
  }

  let value: unknown;
  if (readable) {
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // yaml counts expansions as it goes and stops at the limit, so a "billion laughs" file is refused
      // after at most MAX_ALIAS_COUNT copies, in bounded time and memory.
      if (!(error instanceof ReferenceError)) throw error;
      const alias = firstAlias(document);
      const { line, col } = at(alias?.offset ?? 0);
      diagnostics.push({
        file,
        line,
        col,
        path: formatPath(alias?.path ?? []),
        message: 'YAML aliases expand too far; refused to protect memory',
        got: `more than ${MAX_ALIAS_COUNT} expansions`,
        hint: 'write the values out, or use fewer nested aliases',
        severity: 'error',
      });
    }
  }
  return { file, document, lineCounter, value, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function keyOf(key: unknown): PathSegment {
  if (isScalar(key)) return typeof key.value === 'number' ? key.value : String(key.value);
  return String(key);
}

type Visitor = (node: Node, path: PathSegment[]) => boolean | void;

/** Depth-first over the document's nodes with their key paths; aliases are not followed. Stops on `true`. */
function walk(node: unknown, path: PathSegment[], visit: Visitor): boolean {
  if (!node || typeof node !== 'object') return false;
  if (visit(node as Node, path)) return true;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (walk(pair.value, [...path, keyOf(pair.key)], visit)) return true;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      if (walk(node.items[i], [...path, i], visit)) return true;
    }
  }
  return false;
}

/** The key at `offset` that repeats an earlier key of its mapping, with its path and the first one's offset. */
function findDuplicateKey(document: Document.Parsed, offset: number) {
  let found: { path: Path; firstOffset: number } | undefined;
  walk(document.contents, [], (node, path) => {
    if (!isMap(node)) return false;
    const firstByKey = new Map<PathSegment, number>();
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      const start = isScalar(pair.key) ? (pair.key.range?.[0] ?? -1) : -1;
      const first = firstByKey.get(key);
      if (first !== undefined && start === offset) {
        found = { path: [...path, key], firstOffset: first };
        return true;
      }
      if (first === undefined) firstByKey.set(key, start);
    }
    return false;
  });
  return found;
}

/** The path of the innermost node whose source range holds `offset`. */
function pathAt(document: Document.Parsed, offset: number): Path {
  let best: Path = [];
  walk(document.contents, [], (node, path) => {
    const range = node.range;
    if (range && range[0] <= offset && offset < range[2]) best = path;
    return false;
  });
  return best;
}

function firstAlias(document: Document.Parsed): { path: Path; offset: number } | undefined {
  let found: { path: Path; offset: number } | undefined;
  walk(document.contents, [], (node, path) => {
    if (isAlias(node) && node.range) {
      found = { path, offset: node.range[0] };
      return true;
    }
    return false;
  });
  return found;
}
