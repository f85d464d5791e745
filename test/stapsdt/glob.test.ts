/**
 * The globs of `--provider`/`--name` and `listProbes`' filter: against a
 * regular expression built from the pattern (the obvious matcher, written
 * here as the oracle) on generated patterns and names, hand-worked cases for
 * classes and escapes, and the pathological patterns that make a
 * backtracking matcher take time to the power of the number of stars.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatcher } from "../../src/stapsdt/glob.js";

/** The oracle: the pattern as an anchored regular expression (classes as written, no `[!]` or reversed ranges). */
function regexOf(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[^]*";
    else if (c === "?") re += "[^]";
    else if (c === "\\" && i + 1 < pattern.length) re += esc(pattern[++i]!);
    else if (c === "[") {
      const negate = pattern[i + 1] === "!" || pattern[i + 1] === "^";
      const first = i + (negate ? 2 : 1);
      const close = pattern.indexOf("]", first + 1);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      re += "[" + (negate ? "^" : "") + pattern.slice(first, close).replace(/[\\\]^]/g, "\\$&") + "]";
      i = close;
    } else re += esc(c);
  }
  return new RegExp(re + "$");
}
const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

const alphabet = fc.constantFrom("a", "b", "c", "_", "-", "é");
const patternPart = fc.oneof(
  { weight: 4, arbitrary: alphabet },
  { weight: 2, arbitrary: fc.constant("*") },
  { weight: 1, arbitrary: fc.constant("?") },
  { weight: 1, arbitrary: fc.constantFrom("[ab]", "[!a]", "[^c]", "[a-c]", "[]a]", "[-a]", "[a-]", "\\*", "\\?", "\\[", "[", "\\") },
);

describe("globMatcher", () => {
  it("agrees with the regular expression of the pattern", () => {
    fc.assert(fc.property(fc.array(patternPart, { maxLength: 8 }).map((p) => p.join("")), fc.array(alphabet, { maxLength: 12 }).map((s) => s.join("")),
      (pattern, name) => {
        let re: RegExp;
        try {
          re = regexOf(pattern);
        } catch {
          // A reversed range (`[a-[...`) is a syntax error for the oracle; it holds nothing here.
          fc.pre(false);
          return;
        }
        expect(globMatcher(pattern)(name), `${pattern} ${name}`).toBe(re.test(name));
      }), { numRuns: 3000 });
  });

  it("matches whole strings, with classes and escapes as documented", () => {
    const m = (p: string, s: string): boolean => globMatcher(p)(s);
    expect(m("function__*", "function__entry")).toBe(true);
    expect(m("function__*", "xfunction__entry")).toBe(false);
    expect(m("gc__*", "gc__")).toBe(true);
    expect(m("*", "")).toBe(true);
    expect(m("?", "")).toBe(false);
    expect(m("p?thon", "python")).toBe(true);
    expect(m("[!p]ython", "python")).toBe(false);
    expect(m("[^p]ython", "jython")).toBe(true);
    expect(m("[]x]", "]")).toBe(true);
    expect(m("[a-c]", "b")).toBe(true);
    expect(m("[c-a]", "b")).toBe(false); // a reversed range holds nothing
    expect(m("a\\*", "a*")).toBe(true);
    expect(m("a\\*", "ab")).toBe(false);
    expect(m("py[", "py[")).toBe(true);
    expect(m("x\\", "x\\")).toBe(true);
    expect(m("***a", "a")).toBe(true);
  });

  it("takes time linear in the name for patterns that make a backtracking matcher explode", () => {
    // A regular expression with one `[^]*` per star needed 40 s for the first and 24 s for the second.
    const long = "g".repeat(300000);
    expect(globMatcher("*gc*begin*")(long)).toBe(false);
    expect(globMatcher("*g*c*x*")("g".repeat(6000) + "c".repeat(6000))).toBe(false);
    expect(globMatcher("*a*a*a*a*a*b")("a".repeat(100000))).toBe(false);
    expect(globMatcher("*a*a*a*a*a*b")("a".repeat(100000) + "b")).toBe(true);
  }, 5000);
});
