/**
 * The table of `table.ts`, written into a {@link ByteSink}, from one pass over
 * the probes that keeps only the cells of each row.
 *
 * The table needs every row before it can print the first (column widths; the
 * sites of one `provider:name` are listed together), so something per probe is
 * kept; here it is the five to seven values a row shows, in one flat array,
 * and not the probe (its offsets, its parsed arguments, ...): a file of
 * 100,000 probes is listed without keeping 100,000 `Probe` objects, which is
 * most of the garbage collector's work. Probes of one `provider:name` are
 * nearly always consecutive in the file; only when they are not are the rows
 * reordered (by a map of every `provider:name`).
 *
 * The bytes are those of `renderTable` (a test compares the two).
 */
import { hex } from "../elf/errors.js";
import { hexLength, type ByteSink } from "./sink.js";
import type { TableOptions, TableProbe } from "./table.js";

/** Calls `visit` with each probe, in file order. */
export type ProbePass = (visit: (p: TableProbe) => void) => void;

type Cell = string | bigint | null | undefined;

const WHITESPACE_END = /\s$/;

/** Writes the table of the probes that `pass` gives (ending with a newline), or a "no probes" line. */
export function writeTable(out: ByteSink, pass: ProbePass, options: TableOptions = {}): void {
  const runtime = options.runtime === true;
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  // Each row is `stride` cells of `cells`: provider, name, arguments, then
  // the address columns (ADDRESS, [RUNTIME], SEMAPHORE, [RUNTIME-SEM]).
  const stride = runtime ? 7 : 5;
  const cells: Cell[] = [];
  const widths = headings.map((h) => h.length);
  // Runs of consecutive rows of one provider:name, and a hash of each: when
  // no two hashes are equal, the runs are the groups.
  const runs: number[] = [];
  let hashes = new Float64Array(1024);
  let provider: string | null = null;
  let name: string | null = null;
  pass((p) => {
    if (p.provider !== provider || p.name !== name) {
      provider = p.provider;
      name = p.name;
      if (runs.length === hashes.length) {
        const bigger = new Float64Array(hashes.length * 2);
        bigger.set(hashes);
        hashes = bigger;
      }
      hashes[runs.length] = pairHash(provider, name);
      runs.push(0);
    }
    runs[runs.length - 1]!++;
    if (runtime) cells.push(p.provider, p.name, p.arguments, p.address, p.runtimeAddress, p.semaphoreAddress, p.runtimeSemaphore);
    else cells.push(p.provider, p.name, p.arguments, p.address, p.semaphoreAddress);
  });
  if (cells.length === 0) {
    out.ascii("(no SDT probes)\n");
    return;
  }
  for (let at = 3; at < cells.length; at += stride) {
    for (let i = 0; i < stride - 3; i++) widths[3 + i] = Math.max(widths[3 + i]!, cellLength(cells[at + i]));
  }
  // Groups: each a list of row numbers, in order of first appearance.
  const groups = hasDuplicate(hashes.subarray(0, runs.length)) ? exactGroups(cells, stride) : consecutiveGroups(runs);
  for (const g of groups) {
    const head = g.first * stride;
    widths[0] = Math.max(widths[0]!, (cells[head] as string).length);
    widths[1] = Math.max(widths[1]!, (cells[head + 1] as string).length);
    widths[2] = Math.max(widths[2]!, String(g.size).length);
  }
  writeLine(out, headings, widths);
  const line: Cell[] = new Array<Cell>(headings.length);
  for (const g of groups) {
    for (let k = 0; k < g.size; k++) {
      const at = (g.rows ? g.rows[k]! : g.first + k) * stride;
      line[0] = k === 0 ? cells[at] : "";
      line[1] = k === 0 ? cells[at + 1] : "";
      line[2] = k === 0 ? String(g.size) : "";
      for (let i = 3; i < stride; i++) line[i] = cells[at + i];
      line[stride] = cells[at + 2];
      writeLine(out, line, widths);
    }
  }
}

/** A group of rows: `size` rows from `first` on, or the rows listed in `rows`. */
interface Group {
  readonly first: number;
  readonly size: number;
  readonly rows: number[] | null;
}

function consecutiveGroups(runs: readonly number[]): Group[] {
  const groups: Group[] = [];
  let first = 0;
  for (const size of runs) {
    groups.push({ first, size, rows: null });
    first += size;
  }
  return groups;
}

/** Groups by provider, then name (no `provider + name` string per row). */
function exactGroups(cells: readonly Cell[], stride: number): Group[] {
  const byProvider = new Map<string, Map<string, number[]>>();
  const groups: number[][] = [];
  for (let r = 0, at = 0; at < cells.length; r++, at += stride) {
    const provider = cells[at] as string;
    let names = byProvider.get(provider);
    if (names === undefined) byProvider.set(provider, (names = new Map()));
    const name = cells[at + 1] as string;
    let rows = names.get(name);
    if (rows === undefined) {
      names.set(name, (rows = []));
      groups.push(rows);
    }
    rows.push(r);
  }
  return groups.map((rows) => ({ first: rows[0]!, size: rows.length, rows }));
}

/**
 * A 52-bit hash of provider:name: two 32-bit FNV-1a variants (different
 * offset bases) combined. With 26 bits a file of 100,000 groups would see a
 * few collisions; with 52, about one in a million such files does. A
 * collision only costs the exact grouping, never correctness.
 */
function pairHash(provider: string, name: string): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x050c5d1f;
  const mix = (c: number): void => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  };
  for (let i = 0; i < provider.length; i++) mix(provider.charCodeAt(i));
  mix(0);
  for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
  return (a >>> 6) * 2 ** 26 + (b >>> 6);
}

/** Whether two of `xs` are equal (sorts `xs`: a native sort beats a hash set here). */
function hasDuplicate(xs: Float64Array): boolean {
  xs.sort();
  for (let i = 1; i < xs.length; i++) if (xs[i] === xs[i - 1]) return true;
  return false;
}

/** Width of a cell: strings as they are, addresses as `0x…`, none as `-`. */
function cellLength(c: Cell): number {
  if (typeof c === "string") return c.length;
  return c === null || c === undefined ? 1 : 2 + hexLength(c);
}

function cellText(c: Cell): string {
  if (typeof c === "string") return c;
  return c === null || c === undefined ? "-" : hex(c);
}

/**
 * One line: each cell but the last padded to its column's width, cells two
 * spaces apart, trailing white space removed (`trimEnd`), then a newline. The
 * last cell (ARGUMENTS) usually ends in something other than white space, and
 * then the line is written cell by cell; otherwise it is built as a string and
 * trimmed.
 */
function writeLine(out: ByteSink, line: readonly Cell[], widths: readonly number[]): void {
  const last = line.length - 1;
  const tail = line[last];
  if (typeof tail !== "string" || tail.length === 0 || WHITESPACE_END.test(tail)) {
    const text = line.map((c, i) => (i === last ? cellText(c) : cellText(c).padEnd(widths[i]!))).join("  ");
    out.str(text.trimEnd() + "\n");
    return;
  }
  for (let i = 0; i < last; i++) {
    const c = line[i];
    if (typeof c === "string") out.str(c);
    else if (c === null || c === undefined) out.byte(0x2d);
    else {
      out.ascii("0x");
      out.hexDigits(c);
    }
    out.spaces(widths[i]! - cellLength(c) + 2);
  }
  out.str(tail);
  out.byte(0x0a);
}
