/**
 * `--format bpftrace-script`: a complete bpftrace program for the selected
 * probes, one action per provider:name, which prints the probe and every
 * argument by name:
 *
 * ```
 * usdt:/usr/bin/python3.11:python:function__entry
 * {
 *   printf("python:function__entry filename=%s funcname=%s lineno=%d\n", str(arg0), str(arg1), arg2);
 * }
 * ```
 *
 * bpftrace numbers a USDT probe's arguments from `arg0` and reads each with
 * the size and sign of its note (`-4@` is an `int32`). Names come from the
 * catalogue of known providers when provider, name and argument count agree
 * (`src/providers/`), else they are `argN`. A C string is printed with
 * `str(argN)`, or `str(argN, argM)` when the provider passes its length
 * beside it (HotSpot's symbols, not NUL-terminated); another pointer in hex;
 * a signed number with `%d`, others with `%u`. A floating-point argument
 * (which bpftrace cannot read from a USDT probe), an operand no parser
 * understands, and operands that name a symbol or an index register (which
 * bpftrace 0.17 refuses: "deref ident is not handled yet", and would
 * refuse the whole program for) are left out of the `printf`, with a
 * comment, and so are the
 * arguments after the sixth (see {@link MAX_ARGS}).
 *
 * Attach points are quoted as `--format bpftrace` quotes them
 * ({@link bpftraceQuote}); text from the file reaches the program only as an
 * attach-point part or inside a string literal, escaped, so a crafted
 * provider cannot add a statement. Each probe's action is written as its
 * first site comes (bpftrace attaches to every site of a name at once).
 */
import { createArgumentsParser, type ArgumentsParser } from "../stapsdt/args/index.js";
import { cTypeInfo } from "../providers/ctype.js";
import type { ProviderArgument } from "../providers/types.js";
import { bpftraceQuote } from "./bpftrace.js";
import { siteDescription } from "./names.js";
import { printable } from "./printable.js";
import type { ByteSink } from "./sink.js";

/** What the writer needs of a probe site (a `Probe` has it all). */
export interface BpftraceScriptSite {
  readonly provider: string;
  readonly name: string;
  readonly arguments: string;
}

/**
 * The arguments of a USDT probe bpftrace reads: `arg0` to `arg5`. bpftrace
 * 0.17 (Debian 12) refuses `arg6` and above on x86-64 even in a `usdt`
 * probe ("x86_64 doesn't support arg6", measured here), so a program that
 * used them would not run; the arguments after the sixth are left out with
 * a comment that names them.
 */
const MAX_ARGS = 6;

/** `text` inside a bpftrace string literal used as a `printf` format: `%` doubled, `"` and `\` escaped, no raw control character. */
function formatText(text: string): string {
  return printable(text.replace(/[\\"]/g, "\\$&").replace(/%/g, "%%").replace(/\n/g, "\\n").replace(/\t/g, "\\t"));
}

/** Writes the bpftrace program of one file's probes, one probe at a time. */
export class BpftraceScriptWriter {
  readonly #out: ByteSink;
  readonly #path: string;
  readonly #elfClass: 32 | 64;
  readonly #parser: ArgumentsParser;
  readonly #seen = new Set<string>();

  constructor(out: ByteSink, path: string, options: { readonly machine: number; readonly elfClass: 32 | 64 }) {
    this.#out = out;
    this.#path = bpftraceQuote(path);
    this.#elfClass = options.elfClass;
    this.#parser = createArgumentsParser(options.machine, options.elfClass);
    out.str(`// ${printable(path)}: stapsdt-ls --format bpftrace-script\n`);
  }

  /** Writes the action of `site`'s probe, unless one of its provider:name was written. */
  probe(site: BpftraceScriptSite): void {
    const attach = `usdt:${this.#path}:${bpftraceQuote(site.provider)}:${bpftraceQuote(site.name)}`;
    if (this.#seen.has(attach)) return;
    this.#seen.add(attach);
    if (site.provider === "" || site.name === "") {
      this.#out.str(`// ${printable(site.provider)}:${printable(site.name)}: empty provider or probe name, which no usdt attach point can name\n`);
      return;
    }
    const known = siteDescription(site)?.args;
    let format = `${formatText(site.provider)}:${formatText(site.name)}`;
    const values: string[] = [];
    const comments: string[] = [];
    /** Arguments past {@link MAX_ARGS}. */
    const later: string[] = [];
    const count = this.#parser.forEach(site.arguments, (a, i) => {
      const k = known?.[i];
      const label = k?.name ?? `arg${i}`;
      if (i >= MAX_ARGS) {
        later.push(label);
        return;
      }
      const why = a.kind === "unparsed" ? "operand not understood"
        : a.float ? "floating point, which bpftrace cannot read"
        : (a.kind === "memory" && (a.symbol !== null || a.index !== null || a.segment !== null)) || (a.kind === "constant" && a.symbol !== null)
          ? "an operand with a symbol or an index, which bpftrace 0.17 cannot read"
          : null;
      if (why !== null) {
        comments.push(`  // ${label}: ${printable(a.text)}: ${why}`);
        return;
      }
      const [conversion, value] = this.#print(i, a.signed, k);
      format += ` ${label}=${conversion}`;
      values.push(value);
    });
    if (count > MAX_ARGS) {
      comments.push(`  // ${later.length > 3 ? `${later.slice(0, 3).join(", ")} and ${later.length - 3} more` : later.join(", ")}: ` +
        `left out (bpftrace reads arg0 to arg${MAX_ARGS - 1})`);
    }
    const out = this.#out;
    out.str(`${attach}\n{\n`);
    for (const c of comments) out.str(`${c}\n`);
    out.str(`  printf("${format}\\n"${values.map((v) => `, ${v}`).join("")});\n}\n`);
  }

  /** The `printf` conversion and value of argument `i`. */
  #print(i: number, signed: boolean, known: ProviderArgument | undefined): [string, string] {
    if (known) {
      const info = cTypeInfo(known.type, this.#elfClass);
      if (known.string && (known.length === undefined || known.length < MAX_ARGS)) {
        return ["%s", known.length === undefined ? `str(arg${i})` : `str(arg${i}, arg${known.length})`];
      }
      if (info?.pointer) return ["0x%lx", `arg${i}`];
    }
    return [signed ? "%ld" : "%lu", `arg${i}`];
  }
}
