/**
 * `--format stap`: a SystemTap tapset, one probe alias per probe, in the
 * style of the CPython documentation's `python.function.entry`:
 *
 * ```
 * probe python.function.entry = process("/usr/bin/python3.11").mark("function__entry")
 * {
 *   filename = user_string($arg1)
 *   funcname = user_string($arg2)
 *   lineno = $arg3
 * }
 * ```
 *
 * The alias is the provider, then the probe name with each `__` as a dot;
 * a probe in a shared library that `--deps` reached from a program is
 * `process("PROGRAM").library("LIBRARY").mark("NAME")`. Each argument is a
 * variable named as the catalogue of known providers names it
 * (`src/providers/`), else `argN` (SystemTap's `$argN` count from 1): a C
 * string read with `user_string($argN)`, or `user_string_n($argN, $argM)`
 * when its length is passed beside it (HotSpot's symbols), anything else
 * `$argN`. An operand no parser understands, which SystemTap would not read
 * either, is left out with a comment.
 *
 * Names are made valid SystemTap identifiers: characters other than
 * letters, digits and `_` become `_`, a leading digit gets a `_` before it,
 * and a name that is a SystemTap or C keyword (`global`, `string`, `long`,
 * `next`, `int`, `char`, ...) or that another variable of the alias already
 * has gets a `_` after it. An alias already defined (the same probe name in
 * two objects) gets `_2`, `_3`, ... on its last component. Paths and
 * probe names from the file go into string literals with `\` and `"`
 * escaped and no raw control character, so a crafted name cannot start a
 * statement.
 */
import { createArgumentsParser, type ArgumentsParser } from "../stapsdt/args/index.js";
import { siteDescription } from "./names.js";
import { printable } from "./printable.js";
import type { ByteSink } from "./sink.js";

/** What the writer needs of a probe site (a `Probe` has it all). */
export interface StapSite {
  readonly provider: string;
  readonly name: string;
  readonly arguments: string;
}

export interface StapOptions {
  readonly machine: number;
  readonly elfClass: 32 | 64;
  /** The program whose library this object is (`--deps`): its probes are `process(PROGRAM).library(PATH).mark(...)`. */
  readonly program?: string | null | undefined;
  /** Aliases defined so far in the output (shared by the writers of one output, so no alias is defined twice). */
  readonly aliases?: Set<string> | undefined;
}

/** SystemTap's reserved words and C's: a variable with one of these names gets a `_` after it. */
const KEYWORDS = new Set([
  // SystemTap (parse.cxx)
  "probe", "global", "function", "if", "else", "for", "foreach", "in", "limit", "return", "delete", "while", "break",
  "continue", "next", "string", "long", "private", "try", "catch",
  // C (C11), which the translator writes the script in
  "auto", "case", "char", "const", "default", "do", "double", "enum", "extern", "float", "goto", "inline", "int",
  "register", "restrict", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
  "void", "volatile", "_Bool", "_Complex",
]);

/** `s` as a SystemTap identifier (see the module comment). */
export function stapIdentifier(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_]/g, "_");
  return t === "" ? "_" : /^[0-9]/.test(t) ? `_${t}` : t;
}

/** A variable name for `name` that is an identifier, no keyword, and not in `used` (to which it is added). */
export function stapVariable(name: string, used: Set<string>): string {
  let v = stapIdentifier(name);
  while (KEYWORDS.has(v) || used.has(v)) v += "_";
  used.add(v);
  return v;
}

/** `s` in a SystemTap string literal. */
function literal(s: string): string {
  return `"${printable(s.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\t/g, "\\t"))}"`;
}

/** Writes the tapset of one file's probes, one probe at a time. */
export class StapWriter {
  readonly #out: ByteSink;
  readonly #point: string;
  readonly #parser: ArgumentsParser;
  readonly #aliases: Set<string>;
  /** provider:name pairs written (one alias for all sites of a name: `.mark()` matches every site). */
  readonly #seen = new Set<string>();

  constructor(out: ByteSink, path: string, options: StapOptions) {
    this.#out = out;
    this.#point = options.program ? `process(${literal(options.program)}).library(${literal(path)})` : `process(${literal(path)})`;
    this.#parser = createArgumentsParser(options.machine, options.elfClass);
    this.#aliases = options.aliases ?? new Set();
    out.str(`// ${printable(path)}: stapsdt-ls --format stap\n`);
  }

  /** The alias of `provider:name`: `provider.a.b` for name `a__b`, made unique in the output. */
  #alias(provider: string, name: string): string {
    const parts = [provider, ...name.split("__")].filter((p) => p !== "").map(stapIdentifier);
    const base = parts.join(".");
    let alias = base;
    for (let n = 2; this.#aliases.has(alias); n++) alias = `${base}_${n}`;
    this.#aliases.add(alias);
    return alias;
  }

  /** Writes the alias of `site`'s probe, unless one of its provider:name was written. */
  probe(site: StapSite): void {
    const key = `${site.provider}\0${site.name}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const out = this.#out;
    if (site.provider === "" || site.name === "") {
      // No `.mark()` names an empty probe, and no alias can be made of nothing.
      out.str(`// ${printable(site.provider)}:${printable(site.name)}: empty provider or probe name, which no alias can name\n`);
      return;
    }
    const known = siteDescription(site)?.args;
    out.str(`probe ${this.#alias(site.provider, site.name)} = ${this.#point}.mark(${literal(site.name)})\n{\n`);
    const used = new Set<string>();
    this.#parser.forEach(site.arguments, (a, i) => {
      const v = stapVariable(known?.[i]?.name ?? `arg${i + 1}`, used);
      if (a.kind === "unparsed") {
        out.str(`  // ${v}: ${printable(a.text)}: operand not understood\n`);
        return;
      }
      const k = known?.[i];
      const value = k?.string
        ? k.length === undefined ? `user_string($arg${i + 1})` : `user_string_n($arg${i + 1}, $arg${k.length + 1})`
        : `$arg${i + 1}`;
      out.str(`  ${v} = ${value}\n`);
    });
    out.str("}\n");
  }
}
