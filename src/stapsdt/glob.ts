/**
 * Shell-style patterns for `--provider` and `--name` (and `listProbes`'
 * filter): `*` matches any run of characters, `?` one character,
 * `[abc]`/`[a-z]`/`[!x]`/`[^x]` one character of a class (a `]` right after
 * the `[` or `[!` belongs to the class; a `[` without a closing `]` is a
 * literal); `\` makes the next character literal. The whole string must match.
 * Characters are UTF-16 code units, as JavaScript strings index them.
 *
 * Matching is linear in the string for any pattern (at most pattern length
 * times string length steps). Names come from the file and patterns from the
 * user, and a backtracking matcher (a regular expression with one `.*` per
 * `*`) takes time to the power of the number of stars: `*g*c*x*` against a
 * 6,000-character name ran for 24 s. Here, as in Russ Cox's "Glob Matching
 * Can Be Simple And Fast Too", only the most recent `*` is ever resumed: once
 * the part after a star has matched, no earlier star needs to give up
 * characters, since the later star can absorb them instead.
 */

/** One element of a compiled pattern. */
type Token =
  | { readonly kind: "star" }
  | { readonly kind: "any" }
  | { readonly kind: "char"; readonly code: number }
  | { readonly kind: "class"; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] };

/** The matcher of `pattern`: a test of whole strings. */
export function globMatcher(pattern: string): (s: string) => boolean {
  const tokens = compile(pattern);
  return (s) => matches(tokens, s);
}

function compile(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a) {
      // Consecutive stars are one.
      if (out[out.length - 1]?.kind !== "star") out.push({ kind: "star" });
    } else if (c === 0x3f) {
      out.push({ kind: "any" });
    } else if (c === 0x5c && i + 1 < pattern.length) {
      out.push({ kind: "char", code: pattern.charCodeAt(++i) });
    } else if (c === 0x5b) {
      const cls = readClass(pattern, i);
      if (cls === null) out.push({ kind: "char", code: c });
      else {
        out.push(cls.token);
        i = cls.end;
      }
    } else {
      out.push({ kind: "char", code: c });
    }
  }
  return out;
}

/** The class that starts at `pattern[at]` (a `[`) and the index of its `]`, or `null` when it is never closed. */
function readClass(pattern: string, at: number): { token: Token; end: number } | null {
  let i = at + 1;
  const negate = pattern[i] === "!" || pattern[i] === "^";
  if (negate) i++;
  const first = i;
  // The first character of the body may be `]`.
  const close = pattern.indexOf("]", first + 1);
  if (close < 0 || first >= pattern.length) return null;
  const ranges: [number, number][] = [];
  for (let j = first; j < close; j++) {
    const lo = pattern.charCodeAt(j);
    if (pattern[j + 1] === "-" && j + 2 < close) {
      // A reversed range (`z-a`) holds nothing.
      ranges.push([lo, pattern.charCodeAt(j + 2)]);
      j += 2;
    } else {
      ranges.push([lo, lo]);
    }
  }
  return { token: { kind: "class", negate, ranges }, end: close };
}

function matchesOne(t: Token, c: number): boolean {
  switch (t.kind) {
    case "any":
      return true;
    case "char":
      return t.code === c;
    case "class": {
      let inside = false;
      for (const [lo, hi] of t.ranges) {
        if (c >= lo && c <= hi) {
          inside = true;
          break;
        }
      }
      return inside !== t.negate;
    }
    case "star":
      return false;
  }
}

function matches(tokens: readonly Token[], s: string): boolean {
  let p = 0;
  let i = 0;
  // Where to resume after a mismatch: just after the last star, with that
  // star taking one more character of `s`.
  let starP = -1;
  let starI = -1;
  while (p < tokens.length || i < s.length) {
    if (p < tokens.length) {
      const t = tokens[p]!;
      if (t.kind === "star") {
        starP = p;
        starI = i;
        p++;
        continue;
      }
      if (i < s.length && matchesOne(t, s.charCodeAt(i))) {
        p++;
        i++;
        continue;
      }
    }
    if (starP >= 0 && starI < s.length) {
      starI++;
      p = starP + 1;
      i = starI;
      continue;
    }
    return false;
  }
  return true;
}
