/**
 * "Did you mean …?" for keys, names and enumerations.
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions, and a swap of two
 * neighbours as one edit (`rnu` → `run`, the optimal string alignment distance). Pure.
 */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** How many candidates are compared at most (a million VPS names need no fuzzy search). */
const MAX_CANDIDATES = 20_000;

/**
 * The candidate closest to `input`, for "did you mean": an edit distance at most 3 (and at most
 * half the input's length, so `x` does not suggest `to`), else a prefix match of at least 3
 * characters. Case-insensitive. The scenario parser's messages and the command line's both take
 * it. Pure.
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
      const distance = editDistance(needle, hay);
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
