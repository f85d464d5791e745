/**
 * The default, human-readable view: one aligned table of probes per file.
 *
 * Sites of one `provider:name` are grouped on consecutive rows (in order of
 * first appearance): the first row names the probe and its number of sites,
 * the others show only the site's own columns. The SEMAPHORE column marks the
 * probes that have one (its address; `-` when there is none).
 *
 * ```
 * PROVIDER   NAME             SITES  ADDRESS   SEMAPHORE  ARGUMENTS
 * python     audit            1      0x42512a  0xa84276   8@%rbx 8@%r15
 * libstdcxx  throw            2      0x9a1b2   -          8@%rdi 8@%rsi 8@%rdx
 *                                    0x9a3c4   -          8@%rbx 8@%rbp 8@%r12
 * ```
 *
 * With `runtime` (for `--pid`), RUNTIME and RUNTIME-SEM columns give the
 * addresses in the traced program.
 *
 * Column widths depend on every row, and a probe's sites are grouped even
 * when the file lists them apart, so a table keeps what its rows show (three
 * strings and up to four addresses per site, not the probes) until `write`.
 * Lines are written into a {@link ByteSink}; no string is built per line.
 */
import type { Probe } from "../stapsdt/probes.js";
import { printable } from "./printable.js";
import { ByteSink, hexLength } from "./sink.js";

/** A probe, with runtime addresses when it comes from a running program (`--pid`). */
export type TableProbe = Probe & {
  readonly runtimeAddress?: bigint | null;
  readonly runtimeSemaphore?: bigint | null;
};

/** What a row of the table shows of a probe (a {@link TableProbe} is one). */
export type TableRow = Pick<TableProbe, "provider" | "name" | "address" | "semaphoreAddress" | "arguments" | "runtimeAddress" | "runtimeSemaphore">;

export interface TableOptions {
  /** Add RUNTIME and RUNTIME-SEM columns. */
  readonly runtime?: boolean;
}

const HEADINGS = ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
const RUNTIME_HEADINGS = ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"];

/** Sites of one provider:name, in file order. */
interface Group {
  readonly provider: string;
  readonly name: string;
  readonly rows: number[];
}

/**
 * One table: {@link add} each probe, then {@link write} it once.
 *
 * Cells are kept column by column: the escaped strings of a site's probe
 * (shared by the sites of a group), its argument text and its addresses.
 */
export class Table {
  readonly #runtime: boolean;
  readonly #groups: Group[] = [];
  readonly #byKey = new Map<string, Group>();
  #last: Group | null = null;
  readonly #arguments: string[] = [];
  /** Address cells, `#k` per row: address, [runtime,] semaphore, [runtime semaphore]; null prints "-". */
  readonly #addresses: (bigint | null)[] = [];
  readonly #k: number;
  /** The widest cell of each column so far (headings included). */
  readonly #widths: number[];

  constructor(options: TableOptions = {}) {
    this.#runtime = options.runtime === true;
    this.#k = this.#runtime ? 4 : 2;
    this.#widths = (this.#runtime ? RUNTIME_HEADINGS : HEADINGS).map((h) => h.length);
  }

  /** Number of rows added. */
  get rows(): number {
    return this.#arguments.length;
  }

  /** Adds the row of one site. */
  add(p: TableRow): void {
    const row = this.#arguments.length;
    this.#group(p.provider, p.name).rows.push(row);
    const args = printable(p.arguments);
    this.#arguments.push(args);
    const w = this.#widths;
    const last = w.length - 1;
    if (args.length > w[last]!) w[last] = args.length;
    this.#cell(3, p.address);
    if (this.#runtime) {
      this.#cell(4, p.runtimeAddress ?? null);
      this.#cell(5, p.semaphoreAddress);
      this.#cell(6, p.runtimeSemaphore ?? null);
    } else {
      this.#cell(4, p.semaphoreAddress);
    }
  }

  /** The group of `provider:name`: the last one, nearly always (sites of a probe are usually adjacent). */
  #group(provider: string, name: string): Group {
    const last = this.#last;
    if (last !== null && last.provider === provider && last.name === name) return last;
    const key = `${provider}\0${name}`;
    let g = this.#byKey.get(key);
    if (g === undefined) {
      g = { provider: printable(provider), name: printable(name), rows: [] };
      this.#byKey.set(key, g);
      this.#groups.push(g);
      const w = this.#widths;
      if (g.provider.length > w[0]!) w[0] = g.provider.length;
      if (g.name.length > w[1]!) w[1] = g.name.length;
    }
    // Compared with the raw strings next time: keep those in `#last`.
    this.#last = g.provider === provider && g.name === name ? g : null;
    return g;
  }

  #cell(column: number, v: bigint | null): void {
    this.#addresses.push(v);
    const n = v === null ? 1 : 2 + hexLength(v);
    if (n > this.#widths[column]!) this.#widths[column] = n;
  }

  /** Writes the table (or the "no probes" line) to `out`. */
  write(out: ByteSink): void {
    if (this.#arguments.length === 0) {
      out.ascii("(no SDT probes)\n");
      return;
    }
    const w = this.#widths;
    for (const g of this.#groups) {
      const sites = String(g.rows.length);
      if (sites.length > w[2]!) w[2] = sites.length;
    }
    const headings = this.#runtime ? RUNTIME_HEADINGS : HEADINGS;
    const last = headings.length - 1;
    for (let c = 0; c < last; c++) padded(out, headings[c]!, w[c]!);
    out.ascii(headings[last]!);
    out.byte(0x0a);
    const k = this.#k;
    for (const g of this.#groups) {
      for (let i = 0; i < g.rows.length; i++) {
        const row = g.rows[i]!;
        if (i === 0) {
          padded(out, g.provider, w[0]!);
          padded(out, g.name, w[1]!);
          padded(out, String(g.rows.length), w[2]!);
        } else {
          out.spaces(w[0]! + w[1]! + w[2]! + 6);
        }
        // The line's trailing blanks are trimmed: those of the arguments and,
        // when nothing is left of them, the padding before.
        const args = trimEnd(this.#arguments[row]!);
        for (let c = 0; c < k; c++) {
          const v = this.#addresses[row * k + c]!;
          const width = c === k - 1 && args.length === 0 ? 0 : w[3 + c]! + 2;
          if (v === null) {
            out.byte(0x2d);
            out.spaces(Math.max(0, width - 1));
          } else {
            out.ascii("0x");
            out.hexDigits(v);
            out.spaces(Math.max(0, width - 2 - hexLength(v)));
          }
        }
        out.str(args);
        out.byte(0x0a);
      }
    }
  }
}

/** `s` and the blanks that pad it to `width`, and the two spaces between columns. */
function padded(out: ByteSink, s: string, width: number): void {
  out.str(s);
  // A cell wider than its column cannot happen (widths are maxima); padEnd's rule all the same.
  out.spaces(Math.max(0, width - s.length) + 2);
}

/** `s.trimEnd()`, without the call for the usual string that ends in neither a blank nor non-ASCII. */
function trimEnd(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const c = s.charCodeAt(n - 1);
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c > 0x7f ? s.trimEnd() : s;
}

/**
 * `probes` as an aligned table (ending with a newline), or a "no probes"
 * line: the same bytes `Table.write` gives, as a string.
 */
export function renderTable(probes: Iterable<TableRow>, options: TableOptions = {}): string {
  const table = new Table(options);
  for (const p of probes) table.add(p);
  const chunks: Uint8Array[] = [];
  const sink = new ByteSink((bytes) => void chunks.push(bytes.slice()));
  table.write(sink);
  sink.flush();
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
