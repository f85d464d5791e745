/**
 * The nearest long option to a misspelt one, for "did you mean" (as git and
 * cargo suggest): the option at the smallest edit distance (insertions,
 * deletions, substitutions and swaps of neighbours, each costing 1), if that
 * distance is small for the word's length; a prefix of exactly one option
 * also counts.
 */

/** The closest of `options` to `word` (without `--`), or `null` when none is close. */
export function nearestOption(word: string, options: readonly string[]): string | null {
  const prefixed = options.filter((o) => word.length >= 2 && o.startsWith(word));
  if (prefixed.length === 1) return prefixed[0]!;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const o of options) {
    const d = editDistance(word, o);
    if (d < bestDistance) {
      best = o;
      bestDistance = d;
    }
  }
  // One edit in a short word, up to a third of a longer one.
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  // Options are short and the word is bounded by the caller's slice.
  if (a.length > 64) a = a.slice(0, 64);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[rows - 1]![cols - 1]!;
}
