/**
 * "Did you mean …?" for keys, names and enumerations.
 */

/** Levenshtein distance between two strings (insertions, deletions, substitutions). Pure. */
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** How many candidates are compared at most (a million VPS names need no fuzzy search). */
const MAX_CANDIDATES = 20_000;

/**
 * The candidate closest to `input`: Levenshtein distance at most 3 (and at most half the input's
 * length, so `x` does not suggest `to`), else a prefix match of at least 3 characters.
 * Case-insensitive. Pure.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 2)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let prefix: string | undefined;
  let seen = 0;
  for (const candidate of candidates) {
    if (++seen > MAX_CANDIDATES) break;
    const hay = candidate.toLowerCase();
    if (hay === needle) return candidate;
    if (Math.abs(hay.length - needle.length) <= limit) {
      const distance = levenshtein(needle, hay);
      if (distance <= limit && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (
      prefix === undefined &&
      Math.min(hay.length, needle.length) >= 3 &&
      (hay.startsWith(needle) || needle.startsWith(hay))
    ) {
      prefix = candidate;
    }
  }
  return best ?? prefix;
}

/** Lists names for a message, eliding the middle of long lists. Pure. */
export function listNames(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`;
}
