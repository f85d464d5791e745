/**
 * Shell-style patterns for `--provider` and `--name`: `*` matches any run of
 * characters, `?` one character, `[abc]`/`[a-z]`/`[!x]` a class; `\` escapes.
 * The whole string must match.
 */
export function globMatcher(pattern: string): (s: string) => boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "\\" && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      re += "[" + (negate ? "^" : "") + body.replace(/[\\\]^]/g, "\\$&") + "]";
      i = close;
    } else re += escape(c);
  }
  const rx = new RegExp(re + "$", "s");
  return (s) => rx.test(s);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
