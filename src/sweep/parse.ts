/**
 * YAML text → the parsed value, with the document kept so every later problem can be positioned in the
 * source. Syntax errors, duplicate keys and runaway alias expansion are reported here, all of them.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from '../vendor/yaml.js';
import { formatPath, show, type Diagnostic, type Path, type PathSegment } from './diagnostics.js';

/** How many alias expansions a file may make; YAML's own default, and far more than a sweep needs. */
export const MAX_ALIAS_COUNT = 100;

/** How deep lists and mappings may nest; a sweep file needs four levels (runs.name.hidden_sizes[0]). */
export const MAX_DEPTH = 32;

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
  let document: Document.Parsed;
  try {
    document = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      // `<<: *defaults` is how GitHub Actions files share settings; readers of sweep files expect it too.
      merge: true,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // the YAML library recurses per level: a file nested tens of thousands deep exhausts the stack
    const empty = parseDocument('', { lineCounter: new LineCounter() });
    return { file, document: empty, lineCounter, value: undefined, diagnostics: [tooDeep(file, 1, 1, '(file)')] };
  }
  const at = (offset: number) => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  let readable = true;

  const deep = firstTooDeep(document.contents);
  if (deep) {
    // refused before anything walks the document recursively
    const { line, col } = at(deep.offset);
    return { file, document, lineCounter, value: undefined, diagnostics: [tooDeep(file, line, col, formatPath(deep.path))] };
  }

  for (const error of document.errors) {
    const { line, col } = at(error.pos[0]);
    if (error.code === 'MULTIPLE_DOCS') {
      readable = false;
      diagnostics.push({
        file,
        line,
        col,
        path: '(file)',
        message: 'has more than one YAML document (a second `---` line starts another); a sweep file is one document',
        hint: 'remove the `---` line, or put each sweep in a file of its own',
        severity: 'error',
      });
    } else if (error.code === 'DUPLICATE_KEY') {
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

function tooDeep(file: string, line: number, col: number, path: string): Diagnostic {
  return {
    file,
    line,
    col,
    path,
    message: `nests lists or mappings more than ${MAX_DEPTH} levels deep; a sweep file needs at most 4`,
    hint: 'write settings as in docs/SWEEP-FILES.md: hidden_sizes is one list of numbers, such as [512, 1024]',
    severity: 'error',
  };
}

/** The first node nested deeper than MAX_DEPTH, with its path (kept to the first MAX_DEPTH + 1 steps). */
function firstTooDeep(root: unknown): { path: Path; offset: number } | undefined {
  // an explicit stack, not recursion: this runs before the depth is known to be safe
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) return { path, offset: (node as Node).range?.[0] ?? 0 };
    if (isMap(node)) {
      for (const pair of node.items) if (pair.value) stack.push({ node: pair.value, path: [...path, keyOf(pair.key)] });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return undefined;
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
