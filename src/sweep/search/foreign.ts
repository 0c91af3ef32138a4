/**
 * Space entries written in another tool's syntax, each translated to ours when the translation is exact:
 *   W&B sweeps   {distribution: log_uniform_values, min: 0.001, max: 0.1}  → {log_uniform: [0.001, 0.1]}
 *                (also uniform, int_uniform, q_uniform, q_log_uniform_values, log_uniform (bounds as
 *                natural logs), categorical / values: [...])
 *   Optuna-like  {low: 0.001, high: 0.1, log: true}                        → {log_uniform: [0.001, 0.1]}
 *   Hydra        tag(log, interval(0.001, 0.1)), interval(a, b), choice(a, b), range(a, b), a,b,c
 *   a plain list [50, 100, 200]                                            → {choice: [50, 100, 200]}
 * The translation is adapted to whole-number settings (log_uniform → q_log_uniform with q = 1) and is
 * offered only when it passes every check of ranges.ts, so the hint, applied, gives a valid file.
 */
import { show, type Path, type Problem } from '../diagnostics.js';
import type { SettingName } from '../../core/settings-schema.js';
import { flow } from './flow.js';
import { suited, validProposal } from './ranges.js';
import type { Distribution } from './search.js';

type Mapping = Record<string, unknown>;

const FOREIGN_KEYS = ['distribution', 'min', 'max', 'low', 'high', 'values', 'value', 'q', 'log', 'type', 'step'];

/** A problem for an entry in a foreign syntax, or undefined when the entry is not one. */
export function foreignEntryProblem(key: SettingName, entry: unknown, path: Path): Problem | undefined {
  if (typeof entry === 'string') return hydraProblem(key, entry, path);
  if (Array.isArray(entry)) {
    const fix = validProposal(key, { kind: 'choice', values: entry });
    return { path, message: 'is a list; a space entry is a distribution', got: show(entry), hint: fix ? `to pick among these values, ${fix}` : undefined };
  }
  if (entry === null || typeof entry !== 'object') {
    return { path, message: 'must be a distribution, e.g. {choice: [...]}', got: show(entry), hint: `a single value belongs in fixed: fixed: {${key}: ${flow(entry)}}` };
  }
  const mapping = entry as Mapping;
  if (!Object.keys(mapping).some((k) => FOREIGN_KEYS.includes(k))) return undefined;
  const translated = fromMapping(mapping);
  const fix = translated ? validProposal(key, suited(key, translated)) : undefined;
  return {
    path,
    message: `is written as in ${'distribution' in mapping ? 'a W&B sweep' : 'another tool'}; mlp-sweep names the distribution as the key`,
    got: show(entry),
    hint: fix ?? 'write {uniform: [a, b]}, {log_uniform: [a, b]}, {int_uniform: [a, b]}, {q_uniform: [a, b, q]}, {q_log_uniform: [a, b, q]} or {choice: [...]}',
  };
}

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

function fromMapping(m: Mapping): Distribution | undefined {
  const low = num(m.min ?? m.low);
  const high = num(m.max ?? m.high);
  const q = num(m.q ?? m.step) ?? 1;
  const name = typeof m.distribution === 'string' ? m.distribution : undefined;
  if ((name === undefined || name === 'categorical') && Array.isArray(m.values) && m.values.length > 0) {
    return { kind: 'choice', values: m.values };
  }
  if (low === undefined || high === undefined) return undefined;
  switch (name) {
    case 'log_uniform_values':
      return { kind: 'log_uniform', low, high };
    case 'log_uniform': // W&B's bounds are natural logs of the values
      return { kind: 'log_uniform', low: Math.exp(low), high: Math.exp(high) };
    case 'uniform':
      return { kind: 'uniform', low, high };
    case 'int_uniform':
      return { kind: 'int_uniform', low, high };
    case 'q_uniform':
      return { kind: 'q_uniform', low, high, q };
    case 'q_log_uniform_values':
      return { kind: 'q_log_uniform', low, high, q };
    case undefined: // Optuna's suggest_float / suggest_int arguments
      if (m.type === 'int') return m.log === true ? { kind: 'q_log_uniform', low, high, q: 1 } : { kind: 'int_uniform', low, high };
      return m.log === true ? { kind: 'log_uniform', low, high } : { kind: 'uniform', low, high };
    default:
      return undefined;
  }
}

/** A scalar of Hydra's syntax: `0.1` → 0.1, `glorot` → "glorot". */
function scalar(text: string): unknown {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

const HYDRA: [RegExp, (args: unknown[]) => Distribution | undefined][] = [
  [/^tag\(\s*log\s*,\s*interval\(([^()]*)\)\s*\)$/, ([a, b]) => range('log_uniform', a, b)],
  [/^tag\(\s*log\s*,\s*int\(\s*interval\(([^()]*)\)\s*\)\s*\)$/, ([a, b]) => withQ('q_log_uniform', a, b)],
  [/^int\(\s*interval\(([^()]*)\)\s*\)$/, ([a, b]) => range('int_uniform', a, b)],
  [/^interval\(([^()]*)\)$/, ([a, b]) => range('uniform', a, b)],
  [/^choice\(([^()]*)\)$/, (values) => ({ kind: 'choice', values })],
  // range(start, stop) stops before stop, as Python's does
  [/^range\(([^()]*)\)$/, ([a, b, step]) => (step === undefined && typeof b === 'number' ? range('int_uniform', a, b - 1) : undefined)],
];

function range(kind: 'uniform' | 'log_uniform' | 'int_uniform', a: unknown, b: unknown): Distribution | undefined {
  return typeof a === 'number' && typeof b === 'number' ? { kind, low: a, high: b } : undefined;
}

function withQ(kind: 'q_log_uniform', a: unknown, b: unknown): Distribution | undefined {
  return typeof a === 'number' && typeof b === 'number' ? { kind, low: a, high: b, q: 1 } : undefined;
}

function hydraProblem(key: SettingName, text: string, path: Path): Problem {
  const t = text.trim();
  let translated: Distribution | undefined;
  for (const [pattern, make] of HYDRA) {
    const match = pattern.exec(t);
    if (match) {
      translated = make(match[1].split(',').map(scalar));
      break;
    }
  }
  if (!translated && t.includes(',')) translated = { kind: 'choice', values: t.split(',').map(scalar) };
  const fix = translated ? validProposal(key, suited(key, translated)) : undefined;
  return {
    path,
    message: 'must be a distribution as a mapping, not text',
    got: show(text),
    hint: fix ? `${translated && /\(/.test(t) ? "Hydra's syntax is not read here: " : ''}${fix}` : 'write {choice: [...]} or a range such as {log_uniform: [0.001, 0.1]}',
  };
}
