/**
 * `--format bpftrace`: one `usdt:PATH:PROVIDER:NAME` attach point per
 * provider:name (bpftrace attaches to every site of a name at once), as
 * `bpftrace -l 'usdt:PATH:*'` lists them.
 *
 * bpftrace's lexer reads an unquoted attach-point part only from the
 * characters `[_\-./a-zA-Z0-9]` (`src/lexer.l`, `path` rule); anything else —
 * `+` as in `libstdc++.so.6` (bpftrace issues #1487, #2695), `:`, `#`, spaces —
 * needs the part in double quotes (`usdt:"/usr/lib/x86_64-linux-gnu/libstdc++.so.6":libstdcxx:throw`),
 * where `\"` and `\\` are the escapes.
 *
 * Parts come from the file (provider, name) or from its dependencies (paths
 * of `--deps`), so a crafted file could put a newline in one and start a
 * line of its own. Inside quotes, a newline and a tab are written as bpftrace's
 * `\n` and `\t` escapes and every other control or bidi character as
 * `printable` escapes it (`\x1b`, `\u202e`): a bpftrace that does not know
 * the escape rejects the attach point rather than misreading it, and no output
 * line ever holds a raw control character.
 */
import { printable } from "./printable.js";

const PLAIN = /^[A-Za-z0-9_\-./]+$/;

/** An attach-point part, quoted when bpftrace's lexer would reject it bare (see the module comment). */
export function bpftraceQuote(part: string): string {
  if (PLAIN.test(part)) return part;
  const escaped = part.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return `"${printable(escaped)}"`;
}

/** The attach points of the probes of the file at `path`, one line each, deduplicated. */
export function renderBpftrace(path: string, probes: readonly { readonly provider: string; readonly name: string }[]): string {
  const seen = new Set<string>();
  let out = "";
  const p = bpftraceQuote(path);
  for (const probe of probes) {
    const line = `usdt:${p}:${bpftraceQuote(probe.provider)}:${bpftraceQuote(probe.name)}\n`;
    if (seen.has(line)) continue;
    seen.add(line);
    out += line;
  }
  return out;
}
