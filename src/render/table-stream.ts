/**
 * The table of `table.ts`, written into a {@link ByteSink}, from one pass over
 * the probes that keeps only the cells of each row.
 *
 * The table needs every row before it can print the first (column widths; the
 * sites of one `provider:name` are listed together), so something per probe is
 * kept; here it is what a row shows, in columns: the strings (providers and
 * arguments are shared between probes, see `intern.ts`) and the addresses as
 * doubles in a `Float64Array` (exact below 2^53, as real addresses are), not
 * the probe. A file of 100,000 probes is listed without keeping 100,000
 * `Probe` objects and their bigints, which is most of the garbage collector's
 * work. Probes of one `provider:name` are nearly always consecutive in the
 * file; only when they are not are the rows reordered.
 *
 * The bytes are those of `renderTable` (a test compares the two).
 */
import { hex } from "../elf/errors.js";
import { printable } from "./printable.js";
import { hexLength, numberHexLength, type ByteSink } from "./sink.js";
import type { TableOptions, TableProbe } from "./table.js";

/** Calls `visit` with each probe, in file order. */
export type ProbePass = (visit: (p: TableProbe) => void) => void;

// An address cell in `Addresses.values`: the address, or one of these.
const NONE = -1; // null or undefined: printed as "-"
const BIG = -2; // above 2^53: the bigint is in `Addresses.big`

/** The address columns of all rows, `k` per row. */
class Addresses {
  values = new Float64Array(4096);
  readonly big = new Map<number, bigint>();
  length = 0;

  push(v: bigint | null | undefined): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    if (v === null || v === undefined) this.values[this.length++] = NONE;
    else if (v <= 0x1fffffffffffffn) this.values[this.length++] = Number(v);
    else {
      this.big.set(this.length, v);
      this.values[this.length++] = BIG;
    }
  }

  /** The cell as printed: `0x…` or `-`. */
  width(i: number): number {
    const v = this.values[i]!;
    if (v === NONE) return 1;
    return 2 + (v === BIG ? hexLength(this.big.get(i)!) : numberHexLength(v));
  }

  write(out: ByteSink, i: number): void {
    const v = this.values[i]!;
    if (v === NONE) out.byte(0x2d);
    else {
      out.ascii("0x");
      if (v === BIG) out.hexDigits(this.big.get(i)!);
      else out.hexNumber(v);
    }
  }

  text(i: number): string {
    const v = this.values[i]!;
    return v === NONE ? "-" : hex(v === BIG ? this.big.get(i)! : v);
  }
}

/** Writes the table of the probes that `pass` gives (ending with a newline), or a "no probes" line. */
export function writeTable(out: ByteSink, pass: ProbePass, options: TableOptions = {}): void {
  const runtime = options.runtime === true;
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  const k = runtime ? 4 : 2;
  const providers: string[] = [];
  const names: string[] = [];
  const args: string[] = [];
  const addresses = new Addresses();
  // Runs of consecutive rows of one provider:name, and a hash of each: when
  // no two hashes are equal, the runs are the groups.
  const runs: number[] = [];
  const hashes: number[] = [];
  let provider: string | null = null;
  let name: string | null = null;
  // Cells as shown: strings from the file escaped (`printable`), as renderTable
  // does; the raw provider and name group the rows. Providers and argument
  // strings repeat (interned), so their escaped forms are remembered.
  const shown = new Map<string, string>();
  const escaped = (s: string): string => {
    let e = shown.get(s);
    if (e === undefined) {
      e = printable(s);
      if (shown.size < 4096) shown.set(s, e);
    }
    return e;
  };
  const shownProviders: string[] = [];
  const shownNames: string[] = [];
  pass((p) => {
    if (p.provider !== provider || p.name !== name) {
      provider = p.provider;
      name = p.name;
      hashes.push(pairHash(provider, name));
      runs.push(0);
    }
    runs[runs.length - 1]!++;
    providers.push(p.provider);
    names.push(p.name);
    shownProviders.push(escaped(p.provider));
    shownNames.push(printable(p.name));
    args.push(escaped(p.arguments));
    addresses.push(p.address);
    if (runtime) addresses.push(p.runtimeAddress);
    addresses.push(p.semaphoreAddress);
    if (runtime) addresses.push(p.runtimeSemaphore);
  });
  const rows = providers.length;
  if (rows === 0) {
    out.ascii("(no SDT probes)\n");
    return;
  }
  // Groups: their sizes, and the rows in group order (`null`: file order).
  let sizes = runs;
  let order: Int32Array | null = null;
  if (hasDuplicate(hashes)) ({ sizes, order } = exactGroups(providers, names));

  const widths = headings.map((h) => h.length);
  for (let i = 0; i < addresses.length; i++) widths[3 + (i % k)] = Math.max(widths[3 + (i % k)]!, addresses.width(i));
  for (let g = 0, r = 0; g < sizes.length; r += sizes[g]!, g++) {
    const head = order ? order[r]! : r;
    widths[0] = Math.max(widths[0]!, shownProviders[head]!.length);
    widths[1] = Math.max(widths[1]!, shownNames[head]!.length);
    widths[2] = Math.max(widths[2]!, String(sizes[g]).length);
  }
  out.str(line(headings, widths));

  let r = 0;
  for (const size of sizes) {
    const sites = String(size);
    for (let i = 0; i < size; i++, r++) {
      const row = order ? order[r]! : r;
      const tail = args[row]!;
      if (tail.length === 0 || WHITESPACE_END.test(tail)) {
        // `trimEnd` would remove trailing blanks: build the line as renderTable does.
        const cells = i === 0 ? [shownProviders[row]!, shownNames[row]!, sites] : ["", "", ""];
        for (let c = 0; c < k; c++) cells.push(addresses.text(row * k + c));
        cells.push(tail);
        out.str(line(cells, widths));
        continue;
      }
      out.str(i === 0 ? shownProviders[row]! : "");
      out.spaces(widths[0]! - (i === 0 ? shownProviders[row]!.length : 0) + 2);
      out.str(i === 0 ? shownNames[row]! : "");
      out.spaces(widths[1]! - (i === 0 ? shownNames[row]!.length : 0) + 2);
      out.ascii(i === 0 ? sites : "");
      out.spaces(widths[2]! - (i === 0 ? sites.length : 0) + 2);
      for (let c = 0; c < k; c++) {
        const at = row * k + c;
        addresses.write(out, at);
        out.spaces(widths[3 + c]! - addresses.width(at) + 2);
      }
      out.str(tail);
      out.byte(0x0a);
    }
  }
}

const WHITESPACE_END = /\s$/;

/** A line as renderTable makes it: cells padded (all but the last), two spaces apart, `trimEnd`. */
function line(cells: readonly string[], widths: readonly number[]): string {
  const last = cells.length - 1;
  return cells.map((c, i) => (i === last ? c : c.padEnd(widths[i]!))).join("  ").trimEnd() + "\n";
}

/** Groups by provider, then name (no `provider + name` string per row), in order of first appearance. */
function exactGroups(providers: readonly string[], names: readonly string[]): { sizes: number[]; order: Int32Array } {
  const byProvider = new Map<string, Map<string, number[]>>();
  const groups: number[][] = [];
  for (let r = 0; r < providers.length; r++) {
    let byName = byProvider.get(providers[r]!);
    if (byName === undefined) byProvider.set(providers[r]!, (byName = new Map()));
    let rows = byName.get(names[r]!);
    if (rows === undefined) {
      byName.set(names[r]!, (rows = []));
      groups.push(rows);
    }
    rows.push(r);
  }
  const order = new Int32Array(providers.length);
  let at = 0;
  for (const rows of groups) for (const r of rows) order[at++] = r;
  return { sizes: groups.map((g) => g.length), order };
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
  // provider, a NUL, name: one loop over both, with no call per character.
  const n = provider.length;
  for (let i = 0; i <= n + name.length; i++) {
    const c = i < n ? provider.charCodeAt(i) : i === n ? 0 : name.charCodeAt(i - n - 1);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 6) * 2 ** 26 + (b >>> 6);
}

/**
 * Whether two of `xs` (integers in [0, 2^52)) are equal: an open-addressing
 * table in a `Float64Array` (0 marks a free slot, so values are stored plus
 * one), which allocates nothing per value, unlike a `Set` of such numbers.
 */
function hasDuplicate(xs: readonly number[]): boolean {
  if (xs.length < 2) return false;
  let size = 2;
  while (size < xs.length * 2) size *= 2;
  const table = new Float64Array(size);
  const mask = size - 1;
  for (const x of xs) {
    const v = x + 1;
    let i = x & mask; // the low bits of the hash (exact: x < 2^52)
    for (;;) {
      const t = table[i]!;
      if (t === 0) {
        table[i] = v;
        break;
      }
      if (t === v) return true;
      i = (i + 1) & mask;
    }
  }
  return false;
}
