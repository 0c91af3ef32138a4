/**
 * "Did you mean": the closest known word to a misspelt one, when it is close enough to be a likely typo.
 */
import { distance } from 'fastest-levenshtein';

/**
 * The known word nearest to `word`, or undefined when none is within a third of its length (at least 2
 * edits). Initials count as a match too, since people write `lr` for learning_rate and `bs` for batch_size.
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = word.toLowerCase();
  const byInitials = known.find((name) => name.includes('_') && initials(name) === lower);
  if (byInitials) return byInitials;
  const allowed = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = distance(lower, name);
    // On a tie, prefer a word with the same letters: Levenshtein counts a swap (`gird`) as two edits.
    if (d < bestDistance || (d === bestDistance && sameLetters(lower, name) && !sameLetters(lower, best ?? ''))) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}

/** `did you mean "learning_rate"?`, or undefined. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const best = suggest(word, known);
  return best === undefined ? undefined : `did you mean "${best}"?`;
}

function initials(name: string): string {
  return name
    .split('_')
    .map((part) => part[0] ?? '')
    .join('');
}
