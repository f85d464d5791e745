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
import { sinkText, type ByteSink } from "./sink.js";

const PLAIN = /^[A-Za-z0-9_\-./]+$/;

/** An attach-point part, quoted when bpftrace's lexer would reject it bare (see the module comment). */
export function bpftraceQuote(part: string): string {
  if (PLAIN.test(part)) return part;
  const escaped = part.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return `"${printable(escaped)}"`;
}

/** Writes the attach points of one file's probes, one line per provider:name. */
export class BpftraceWriter {
  readonly #out: ByteSink;
  readonly #path: string;
  readonly #seen = new Set<string>();

  constructor(out: ByteSink, path: string) {
    this.#out = out;
    this.#path = bpftraceQuote(path);
  }

  /** Writes the attach point of `probe`, unless one of its provider:name was written. */
  probe(probe: { readonly provider: string; readonly name: string }): void {
    const line = `usdt:${this.#path}:${bpftraceQuote(probe.provider)}:${bpftraceQuote(probe.name)}\n`;
    if (this.#seen.has(line)) return;
    this.#seen.add(line);
    this.#out.str(line);
  }
}

/** The attach points of the probes of the file at `path`, one line each, deduplicated. */
export function renderBpftrace(path: string, probes: Iterable<{ readonly provider: string; readonly name: string }>): string {
  return sinkText((out) => {
    const w = new BpftraceWriter(out, path);
    for (const p of probes) w.probe(p);
  });
}
