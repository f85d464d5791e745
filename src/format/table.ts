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
 * addresses in the traced program. With `names` (`--names`), each argument
 * of a probe the catalogue of known providers knows is shown with its name:
 * `filename=8@%r14 funcname=8@%r13 lineno=-4@%eax`.
 *
 * Column widths depend on every row, and a probe's sites are grouped even
 * when the file lists them apart, so a table keeps what its rows show (three
 * strings and up to four addresses per site, not the probes) until `write`.
 * Lines are written into a {@link ByteSink}; no string is built per line.
 */
import type { ProbeSite } from "../stapsdt/probes.js";
import { namedArguments } from "./names.js";
import { printable } from "./printable.js";
import { hexLength, numberHexLength, sinkText, type ByteSink } from "./sink.js";

/**
 * A probe site (a `Probe` is one), with runtime addresses when it comes from
 * a running program (`--pid`). What every output format takes.
 */
export type TableProbe = ProbeSite & {
  readonly runtimeAddress?: bigint | null;
  readonly runtimeSemaphore?: bigint | null;
};

/** What a row of the table shows of a probe (a {@link TableProbe} is one). */
export type TableRow = Pick<TableProbe, "provider" | "name" | "address" | "semaphoreAddress" | "arguments" | "runtimeAddress" | "runtimeSemaphore">;

export interface TableOptions {
  /** Add RUNTIME and RUNTIME-SEM columns. */
  readonly runtime?: boolean;
  /** Name each argument the catalogue of known providers names (`filename=8@%rbp`; `--names`). */
  readonly names?: boolean;
}

const HEADINGS = ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
const RUNTIME_HEADINGS = ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"];

/** An address cell that prints "-" (`Table.#cells`). */
const NONE = -1;
/** An address cell at or above 2^53: its value is in `Table.#big`. */
const BIG = -2;
const EXACT = 2 ** 53;

/**
 * One table: {@link add} each probe, then {@link write} it once.
 *
 * Rows are kept in flat arrays, not as objects: the argument text as printed,
 * the address cells (as doubles: every address below 2^53 is exact; larger
 * ones are kept aside), and the group (provider:name) each row belongs to,
 * whose rows are chained in file order through `#next`. Groups are numbered
 * in order of first appearance and found by provider, then name (no key
 * string is made per row).
 */
export class Table {
  readonly #runtime: boolean;
  readonly #named: boolean;
  /** Address columns per row: address, [runtime,] semaphore, [runtime semaphore]. */
  readonly #k: number;
  /** The widest cell of each column so far (headings included). */
  readonly #widths: number[];

  // Per group: provider and name (as in the file, and as printed), first and
  // last row, number of rows.
  readonly #provider: string[] = [];
  readonly #name: string[] = [];
  readonly #shownProvider: string[] = [];
  readonly #shownName: string[] = [];
  readonly #first: number[] = [];
  readonly #last: number[] = [];
  readonly #sites: number[] = [];
  /** Groups by provider, then name: both are hashed by the engine's seeded hash, so no crafted set of names is slow. */
  readonly #byProvider = new Map<string, Map<string, number>>();
  /** The names of the provider last looked up (`#namesOf`). */
  #names: Map<string, number> | null = null;
  #namesOf = "";
  /** The group of the last row: the next row is usually another site of it. */
  #lastGroup = -1;

  // Per row: the next row of its group (-1: none), the arguments as printed,
  // the address cells (`#k` per row; NONE, BIG, or the address).
  readonly #next: number[] = [];
  readonly #arguments: string[] = [];
  #cells = new Float64Array(256);
  readonly #big = new Map<number, bigint>();

  constructor(options: TableOptions = {}) {
    this.#runtime = options.runtime === true;
    this.#named = options.names === true;
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
    const g = this.#group(p.provider, p.name);
    if (this.#sites[g] === 0) this.#first[g] = row;
    else this.#next[this.#last[g]!] = row;
    this.#last[g] = row;
    this.#sites[g]!++;
    this.#next.push(-1);
    const args = printable(this.#named ? namedArguments(p) : p.arguments);
    this.#arguments.push(args);
    const w = this.#widths;
    const last = w.length - 1;
    if (args.length > w[last]!) w[last] = args.length;
    const k = this.#k;
    if ((row + 1) * k > this.#cells.length) {
      const cells = new Float64Array(this.#cells.length * 2);
      cells.set(this.#cells);
      this.#cells = cells;
    }
    const at = row * k;
    this.#cell(at, 3, p.address);
    if (this.#runtime) {
      this.#cell(at + 1, 4, p.runtimeAddress ?? null);
      this.#cell(at + 2, 5, p.semaphoreAddress);
      this.#cell(at + 3, 6, p.runtimeSemaphore ?? null);
    } else {
      this.#cell(at + 1, 4, p.semaphoreAddress);
    }
  }

  /** The number of the group of `provider:name`, made when new. */
  #group(provider: string, name: string): number {
    const lastGroup = this.#lastGroup;
    if (lastGroup >= 0 && this.#name[lastGroup] === name && this.#provider[lastGroup] === provider) return lastGroup;
    // By provider (the last one's names again, nearly always), then by name.
    let names = this.#names;
    if (names === null || provider !== this.#namesOf) {
      names = this.#byProvider.get(provider) ?? null;
      if (names === null) this.#byProvider.set(provider, (names = new Map()));
      this.#names = names;
      this.#namesOf = provider;
    }
    let g = names.get(name);
    if (g !== undefined) return (this.#lastGroup = g);
    g = this.#sites.length;
    names.set(name, g);
    this.#provider.push(provider);
    this.#name.push(name);
    const shownProvider = printable(provider);
    const shownName = printable(name);
    this.#shownProvider.push(shownProvider);
    this.#shownName.push(shownName);
    this.#first.push(-1);
    this.#last.push(-1);
    this.#sites.push(0);
    const w = this.#widths;
    if (shownProvider.length > w[0]!) w[0] = shownProvider.length;
    if (shownName.length > w[1]!) w[1] = shownName.length;
    return (this.#lastGroup = g);
  }

  #cell(at: number, column: number, v: bigint | null): void {
    let n: number;
    if (v === null) {
      this.#cells[at] = NONE;
      n = 1;
    } else if (v < EXACT_BIG) {
      const x = Number(v);
      this.#cells[at] = x;
      n = 2 + numberHexLength(x);
    } else {
      this.#cells[at] = BIG;
      this.#big.set(at, v);
      n = 2 + hexLength(v);
    }
    if (n > this.#widths[column]!) this.#widths[column] = n;
  }

  /** Writes the table, or when it has no rows the line `none` (default `(no SDT probes)`), to `out`. */
  write(out: ByteSink, none = "(no SDT probes)"): void {
    if (this.#arguments.length === 0) {
      out.str(`${none}\n`);
      return;
    }
    const w = this.#widths;
    const groups = this.#sites.length;
    for (let g = 0; g < groups; g++) {
      const n = String(this.#sites[g]!).length;
      if (n > w[2]!) w[2] = n;
    }
    const headings = this.#runtime ? RUNTIME_HEADINGS : HEADINGS;
    const last = headings.length - 1;
    for (let c = 0; c < last; c++) padded(out, headings[c]!, w[c]!);
    out.ascii(headings[last]!);
    out.byte(0x0a);
    const k = this.#k;
    const indent = w[0]! + w[1]! + w[2]! + 6;
    for (let g = 0; g < groups; g++) {
      for (let row = this.#first[g]!; row >= 0; row = this.#next[row]!) {
        if (row === this.#first[g]) {
          padded(out, this.#shownProvider[g]!, w[0]!);
          padded(out, this.#shownName[g]!, w[1]!);
          padded(out, String(this.#sites[g]!), w[2]!);
        } else {
          out.spaces(indent);
        }
        // The line's trailing blanks are trimmed: those of the arguments and,
        // when nothing is left of them, the padding before.
        const args = this.#arguments[row]!.trimEnd();
        for (let c = 0; c < k; c++) {
          const at = row * k + c;
          const x = this.#cells[at]!;
          const width = c === k - 1 && args.length === 0 ? 0 : w[3 + c]! + 2;
          let n: number;
          if (x === NONE) {
            out.byte(0x2d);
            n = 1;
          } else if (x === BIG) {
            const v = this.#big.get(at)!;
            out.ascii("0x");
            out.hexDigits(v);
            n = 2 + hexLength(v);
          } else {
            out.ascii("0x");
            out.hexNumber(x);
            n = 2 + numberHexLength(x);
          }
          if (width > n) out.spaces(width - n);
        }
        out.str(args);
        out.byte(0x0a);
      }
    }
  }
}

/** 2^53 as a bigint: addresses below it are exact as doubles. */
const EXACT_BIG = BigInt(EXACT);


/** `s` and the blanks that pad it to `width`, and the two spaces between columns. */
function padded(out: ByteSink, s: string, width: number): void {
  out.str(s);
  // A cell wider than its column cannot happen (widths are maxima); padEnd's rule all the same.
  out.spaces(Math.max(0, width - s.length) + 2);
}

/**
 * `probes` as an aligned table (ending with a newline), or a "no probes"
 * line: the same bytes `Table.write` gives, as a string.
 */
export function renderTable(probes: Iterable<TableRow>, options: TableOptions = {}): string {
  return sinkText((out) => {
    const table = new Table(options);
    for (const p of probes) table.add(p);
    table.write(out);
  });
}
