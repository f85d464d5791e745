/**
 * The table of `table.ts`, written into a {@link ByteSink}, from one pass over
 * the probes that keeps only what each row shows (`table-rows.ts`: ids of
 * repeated strings, name positions in the note bytes, addresses as doubles),
 * not the probes. Probes of one `provider:name` are nearly always consecutive
 * in the file; only when they are not are the rows reordered.
 *
 * The bytes are those of `renderTable` (a test compares the two).
 */
import { hex } from "../elf/errors.js";
import type { ProbeCursor } from "../stapsdt/cursor.js";
import { hashString } from "../stapsdt/intern.js";
import { Column, LINE_NO_ROOM, Rows } from "./table-rows.js";
import { hexLength, numberHexLength, type ByteSink } from "./sink.js";
import type { TableOptions, TableProbe } from "./table.js";

/** Receives the probes of a pass: a `TableProbe`, or a probe of the easy case as a cursor (`ProbeWalk.visit`). */
export interface TableVisitor {
  probe(p: TableProbe): void;
  cursor(c: ProbeCursor): void;
}

/** Calls the visitor with each probe, in file order. */
export type ProbePass = (visit: TableVisitor) => void;

// An address cell in `Addresses.values`: the address, or one of these.
const NONE = -1; // null or undefined: printed as "-"
const BIG = -2; // above 2^53: the bigint is in `Addresses.big`

/** The address columns of all rows, `k` per row. */
class Addresses {
  values: Float64Array;
  readonly big = new Map<number, bigint>();
  length = 0;
  /**
   * Per column: the largest address below 2^53 (-1: none yet), whether a
   * cell is "-", and the widest cell above 2^53. The width of a column
   * follows from these at the end (hex digits grow with the value), so a
   * row costs a comparison per cell, not a digit count.
   */
  readonly #max: Float64Array;
  readonly #none: Uint8Array;
  readonly #bigWidth: Int32Array;

  constructor(readonly k: number, rows: number) {
    this.values = new Float64Array(k * Math.max(16, Math.min(rows, 1 << 22)));
    this.#max = new Float64Array(k).fill(-1);
    this.#none = new Uint8Array(k);
    this.#bigWidth = new Int32Array(k);
  }

  /** The width of column `c` (at least `min`). */
  columnWidth(c: number, min: number): number {
    let w = Math.max(min, this.#bigWidth[c]!);
    if (this.#none[c] === 1) w = Math.max(w, 1);
    const max = this.#max[c]!;
    return max < 0 ? w : Math.max(w, 2 + numberHexLength(max));
  }

  #grow(): void {
    const bigger = new Float64Array(this.values.length * 2);
    bigger.set(this.values);
    this.values = bigger;
  }

  /** Column `c`'s address below 2^53, or -1 for none (a cursor's numbers). */
  pushNumber(v: number, c: number): void {
    if (this.length === this.values.length) this.#grow();
    // No branch on `v`: code for "none" that has not run when V8 optimizes
    // this (in the bench's 100k file the first 25,000 probes all have a
    // semaphore) would throw the optimized code away when it first runs.
    const none = v < 0 ? 1 : 0;
    this.values[this.length++] = none === 1 ? NONE : v;
    this.#none[c] = this.#none[c]! | none;
    const max = this.#max;
    if (v > max[c]!) max[c] = v;
  }

  /** Column `c`'s address, or none. */
  push(v: bigint | null | undefined, c: number): void {
    if (v === null || v === undefined) this.pushNumber(-1, c);
    else if (v <= 0x1fffffffffffffn) this.pushNumber(Number(v), c);
    else {
      if (this.length === this.values.length) this.#grow();
      this.big.set(this.length, v);
      this.values[this.length++] = BIG;
      this.#bigWidth[c] = Math.max(this.#bigWidth[c]!, 2 + hexLength(v));
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
      out.byte(0x30);
      out.byte(0x78);
      if (v === BIG) out.hexDigits(this.big.get(i)!);
      else out.hexNumber(v);
    }
  }

  text(i: number): string {
    const v = this.values[i]!;
    return v === NONE ? "-" : hex(v === BIG ? this.big.get(i)! : v);
  }
}

/**
 * The runs of consecutive rows of one provider:name, in typed arrays (a store
 * per field, not an array push per field: the first ~10,000 rows run before
 * V8 has optimized the walk): first row, key (name hash and provider id),
 * size.
 */
class Runs {
  length = 0;
  readonly heads: Column;
  readonly keys: Column;
  readonly sizes: Column;

  constructor(rows: number) {
    const n = Math.max(16, Math.min(rows, 1 << 22));
    this.heads = new Column(n);
    this.keys = new Column(n);
    this.sizes = new Column(n);
  }

  /** Starts a run at row `r`. */
  open(r: number, key: number): void {
    if (this.length === this.heads.values.length) for (const c of [this.heads, this.keys, this.sizes]) c.grow();
    this.heads.values[this.length] = r;
    this.keys.values[this.length++] = key;
  }

  /** Sets the size of the last run. */
  close(size: number): void {
    this.sizes.values[this.length - 1] = size;
  }
}

/** Writes the table of the probes that `pass` gives (ending with a newline), or a "no probes" line. */
export function writeTable(out: ByteSink, pass: ProbePass, options: TableOptions = {}): void {
  const runtime = options.runtime === true;
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  const k = runtime ? 4 : 2;
  const expected = options.expectedRows ?? 1024;
  const rows = new Rows(expected);
  const addresses = new Addresses(k, expected);
  // As rows come in: runs of consecutive rows of one provider:name (when no
  // two runs have the same provider and name, the runs are the groups: the
  // norm, a file lists the sites of a probe together), their heads' widths,
  // and the widths of the address columns. Done in the visit itself rather
  // than in passes over the rows afterwards: 100,000 rows run mostly before
  // V8 has optimized the code, and every extra loop pays that again.
  //
  // Each run keeps its first row and a hash of its provider and name: the
  // name's `scanString` hash, which the cursor has from finding the name's
  // NUL (`hashString` for a name given as a string: the same value for the
  // same ASCII name), and the provider's id. Equal hashes are checked
  // against the names themselves, so a collision costs a comparison, never
  // a wrong grouping.
  const widths = headings.map((h) => h.length);
  const runs = new Runs(expected);
  let provider = widths[0]!;
  let name = widths[1]!;
  let run = 0;
  let runHash = 0;
  let longest = 0;
  /** Tracks row `r`, just added; `hash` is its name's. */
  const track = (r: number, hash: number): void => {
    if (r > 0 && hash === runHash && rows.sameProbe(r, r - 1)) {
      run++;
      return;
    }
    if (r > 0) {
      runs.close(run);
      if (run > longest) longest = run;
    }
    run = 1;
    runHash = hash;
    const providerId = rows.providerId(r);
    runs.open(r, hash ^ Math.imul(providerId + 1, 0x9e3779b1));
    provider = Math.max(provider, rows.providers.shown[providerId]!.length);
    name = Math.max(name, rows.nameWidth(r));
  };
  pass({
    probe(p) {
      rows.add(p.provider, p.name, p.arguments);
      addresses.push(p.address, 0);
      if (runtime) addresses.push(p.runtimeAddress, 1);
      addresses.push(p.semaphoreAddress, runtime ? 2 : 1);
      if (runtime) addresses.push(p.runtimeSemaphore, 3);
      track(rows.length - 1, hashString(p.name));
    },
    // A probe of a file: no runtime addresses ("-" if the columns are shown).
    cursor(c) {
      rows.addCursor(c);
      addresses.pushNumber(c.address, 0);
      if (runtime) addresses.pushNumber(-1, 1);
      addresses.pushNumber(c.semaphoreAddress, runtime ? 2 : 1);
      if (runtime) addresses.pushNumber(-1, 3);
      track(rows.length - 1, c.nameHash);
    },
  });
  const count = rows.length;
  if (count === 0) {
    out.ascii("(no SDT probes)\n");
    return;
  }
  runs.close(run);
  if (run > longest) longest = run;
  // Groups: their sizes, and the rows in group order (`null`: file order).
  let sizes = runs.sizes.values.subarray(0, runs.length);
  let order: Int32Array | null = null;
  if (hasDuplicate(runs.heads.values.subarray(0, runs.length), runs.keys.values.subarray(0, runs.length), rows)) {
    ({ sizes, order } = exactGroups(rows));
    provider = widths[0]!;
    name = widths[1]!;
    longest = 0;
    // Index loops, not for-of, over the rows' arrays: until V8 optimizes the
    // loop, for-of allocates a result object per step (~8 MB for 100,000 rows).
    for (let g = 0, r = 0; g < sizes.length; r += sizes[g]!, g++) {
      provider = Math.max(provider, rows.providers.shown[rows.providerId(order[r]!)]!.length);
      name = Math.max(name, rows.nameWidth(order[r]!));
      longest = Math.max(longest, sizes[g]!);
    }
  }
  widths[0] = provider;
  widths[1] = name;
  widths[2] = Math.max(widths[2]!, String(longest).length);
  for (let c = 0; c < k; c++) widths[3 + c] = addresses.columnWidth(c, widths[3 + c]!);
  out.str(line(headings, widths));

  // Most lines are written by Rows.writeLine, straight into the buffer.
  const cellWidths = Int32Array.from(widths);
  let room = 2 * widths[0]! + 2 * widths.length + 2; // a provider's UTF-8 bytes: up to 3 per UTF-16 unit
  for (let c = 0; c < widths.length - 1; c++) room += widths[c]!;
  const values = addresses.values;
  let r = 0;
  for (let g = 0; g < sizes.length; g++) {
    const size = sizes[g]!;
    for (let i = 0; i < size; i++, r++) {
      const row = order ? order[r]! : r;
      let end = rows.writeLine(out.buffer, out.position, row, i === 0, size, cellWidths, values, k, room);
      // Also at the first row (flushing the heading, then writing the row
      // again): the flush and the second call then have type feedback when
      // V8 optimizes this loop. Without it, the first full buffer, some
      // 13,000 rows in, threw the optimized loop away.
      if ((end === LINE_NO_ROOM || r === 0) && !out.isEmpty) {
        out.flush();
        end = rows.writeLine(out.buffer, out.position, row, i === 0, size, cellWidths, values, k, room);
      }
      if (end >= 0) {
        out.commit(end);
        continue;
      }
      const sites = String(size);
      const argsId = rows.argsId(row);
      const tail = rows.args.shown[argsId]!;
      if (rows.args.blankEnd(argsId)) {
        // `trimEnd` would remove trailing blanks: build the line as renderTable does.
        const cells = i === 0 ? [rows.providers.shown[rows.providerId(row)]!, rows.shownName(row), sites] : ["", "", ""];
        for (let c = 0; c < k; c++) cells.push(addresses.text(row * k + c));
        cells.push(tail);
        out.str(line(cells, widths));
        continue;
      }
      if (i === 0) {
        const provider = rows.providerId(row);
        rows.providers.write(out, provider);
        out.spaces(widths[0]! - rows.providers.shown[provider]!.length + 2);
        rows.writeName(out, row);
        out.spaces(widths[1]! - rows.nameWidth(row) + 2);
        out.ascii(sites);
        out.spaces(widths[2]! - sites.length + 2);
      } else {
        out.spaces(widths[0]! + widths[1]! + widths[2]! + 6);
      }
      for (let c = 0; c < k; c++) {
        const at = row * k + c;
        addresses.write(out, at);
        out.spaces(widths[3 + c]! - addresses.width(at) + 2);
      }
      rows.args.write(out, argsId);
      out.byte(0x0a);
    }
  }
}


/** A line as renderTable makes it: cells padded (all but the last), two spaces apart, `trimEnd`. */
function line(cells: readonly string[], widths: readonly number[]): string {
  const last = cells.length - 1;
  return cells.map((c, i) => (i === last ? c : c.padEnd(widths[i]!))).join("  ").trimEnd() + "\n";
}

/** Groups by provider, then name, in order of first appearance. */
function exactGroups(rows: Rows): { sizes: Int32Array; order: Int32Array } {
  const byProvider = new Map<number, Map<string, number[]>>();
  const groups: number[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const provider = rows.providerId(r);
    let byName = byProvider.get(provider);
    if (byName === undefined) byProvider.set(provider, (byName = new Map()));
    const name = rows.name(r);
    let members = byName.get(name);
    if (members === undefined) {
      byName.set(name, (members = []));
      groups.push(members);
    }
    members.push(r);
  }
  const order = new Int32Array(rows.length);
  let at = 0;
  for (const members of groups) for (const r of members) order[at++] = r;
  return { sizes: Int32Array.from(groups, (g) => g.length), order };
}

/**
 * Whether two runs may be of the same provider and name: an open-addressing
 * table of run indices (plus one; 0 marks a free slot) by `keys` in an
 * `Int32Array`, which allocates nothing per run, unlike a `Set`. Runs whose
 * keys are equal are compared by their first rows (`heads`). "Yes" only costs
 * `exactGroups` (whose `Map`s V8 hashes with a per-process seed), so the
 * answer is also yes when the table degrades: the name hashes are not
 * keyed, and a file can be made whose names all collide, which would make
 * this loop quadratic (100,000 runs: 5 * 10^9 steps). Past 8 steps per run
 * on average it stops. Exported for tests; the output cannot show a false yes.
 */
export function hasDuplicate(heads: Int32Array, keys: Int32Array, rows: Rows): boolean {
  const n = keys.length;
  if (n < 2) return false;
  let bits = 1;
  while (1 << bits < n * 2) bits++;
  const table = new Int32Array(1 << bits);
  const mask = table.length - 1;
  let steps = 8 * n + 1024;
  for (let j = 0; j < n; j++) {
    const key = keys[j]!;
    // The slot from the key's product with 2^32 / phi, top bits (Fibonacci
    // hashing): the low bits of an FNV hash over words depend only on the low
    // bytes of each word, so names that differ in a word's top byte
    // ("p123_regs", "p124_regs") would crowd into neighbouring slots.
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
    for (;;) {
      const t = table[i]!;
      if (t === 0) {
        table[i] = j + 1;
        break;
      }
      if (--steps < 0) return true;
      if (keys[t - 1] === key && rows.sameProbe(heads[t - 1]!, heads[j]!)) return true;
      i = (i + 1) & mask;
    }
  }
  return false;
}
