/**
 * The table of `table.ts`, written into a {@link ByteSink} in two passes over
 * the probes instead of from a list: the first pass finds the groups and the
 * column widths, the second writes the rows. Probes are decoded twice and kept
 * by neither pass, except when the sites of one `provider:name` are not
 * consecutive in the file: then one more pass counts the groups exactly, and
 * the last gathers the probes by group (the table lists each group's sites
 * together) and writes them at the end.
 *
 * The bytes are those of `renderTable` (a test compares the two).
 */
import { hex } from "../elf/errors.js";
import { hexLength, type ByteSink } from "./sink.js";
import type { TableOptions, TableProbe } from "./table.js";

/** Calls `visit` with each probe, in file order; may be called twice. */
export type ProbePass = (visit: (p: TableProbe) => void) => void;

const SEP = 2;
const WHITESPACE_END = /\s$/;

/** Writes the table of the probes that `pass` gives (ending with a newline), or a "no probes" line. */
export function writeTable(out: ByteSink, pass: ProbePass, options: TableOptions = {}): void {
  const runtime = options.runtime === true;
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  // Pass 1: runs of sites of one provider:name (usually the groups), their
  // sizes, the widths. A provider:name whose hash was seen in an earlier run
  // may come back after another one: then the groups are counted again exactly.
  const sizes: number[] = [];
  const widths = headings.map((h) => h.length);
  const seen = new Set<number>();
  let count = 0;
  let repeated = false;
  let provider: string | null = null;
  let name: string | null = null;
  pass((p) => {
    count++;
    if (p.provider !== provider || p.name !== name) {
      provider = p.provider;
      name = p.name;
      const h = pairHash(provider, name);
      if (seen.has(h)) repeated = true;
      else seen.add(h);
      sizes.push(0);
      widths[0] = Math.max(widths[0]!, provider.length);
      widths[1] = Math.max(widths[1]!, name.length);
    }
    sizes[sizes.length - 1]!++;
    const cells = addressCells(p, runtime);
    for (let i = 0; i < cells.length; i++) widths[3 + i] = Math.max(widths[3 + i]!, cellLength(cells[i]!));
  });
  if (count === 0) {
    out.ascii("(no SDT probes)\n");
    return;
  }
  const groups = repeated ? exactGroups(pass, widths) : null;
  for (const n of groups?.sizes ?? sizes) widths[2] = Math.max(widths[2]!, String(n).length);
  writeRow(out, headings, widths);

  // Pass 2: the rows.
  const row = (p: TableProbe, first: boolean, size: number): void => {
    const cells: (string | bigint | null | undefined)[] = first ? [p.provider, p.name, String(size)] : ["", "", ""];
    cells.push(...addressCells(p, runtime), p.arguments);
    writeRow(out, cells, widths);
  };
  if (groups === null) {
    // Each group's sites are consecutive: a new provider:name starts the next group.
    let g = -1;
    let provider: string | null = null;
    let name: string | null = null;
    pass((p) => {
      const first = p.provider !== provider || p.name !== name;
      if (first) g++;
      row(p, first, sizes[g]!);
      provider = p.provider;
      name = p.name;
    });
    return;
  }
  const byGroup: TableProbe[][] = groups.sizes.map(() => []);
  pass((p) => {
    byGroup[groups.index.get(p.provider, p.name)!]!.push(p);
  });
  for (const group of byGroup) group.forEach((p, i) => row(p, i === 0, group.length));
}

/**
 * A 52-bit hash of provider:name: two 32-bit FNV-1a variants (different
 * offset bases) combined. With 26 bits a file of 100,000 groups would see a
 * few collisions, each costing the exact pass; with 52, about one in a million
 * such files does. A collision only costs time, never correctness.
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

/**
 * The groups counted exactly (a pass with a map of every provider:name), and
 * the PROVIDER and NAME widths from each group's first site only.
 */
function exactGroups(pass: ProbePass, widths: number[]): { index: GroupIndex; sizes: number[] } {
  const index = new GroupIndex();
  const sizes: number[] = [];
  widths[0] = "PROVIDER".length;
  widths[1] = "NAME".length;
  pass((p) => {
    let g = index.get(p.provider, p.name);
    if (g === undefined) {
      g = sizes.length;
      index.set(p.provider, p.name, g);
      sizes.push(0);
      widths[0] = Math.max(widths[0]!, p.provider.length);
      widths[1] = Math.max(widths[1]!, p.name.length);
    }
    sizes[g]!++;
  });
  return { index, sizes };
}

/**
 * Group numbers by provider, then name: two lookups, but no `provider + name`
 * string to build and hash per probe (providers are few and shared).
 */
class GroupIndex {
  readonly #byProvider = new Map<string, Map<string, number>>();

  get(provider: string, name: string): number | undefined {
    return this.#byProvider.get(provider)?.get(name);
  }

  set(provider: string, name: string, group: number): void {
    let names = this.#byProvider.get(provider);
    if (names === undefined) this.#byProvider.set(provider, (names = new Map()));
    names.set(name, group);
  }
}

/** The address columns: ADDRESS, [RUNTIME], SEMAPHORE, [RUNTIME-SEM]. `null`/`undefined` print as `-`. */
function addressCells(p: TableProbe, runtime: boolean): (bigint | null | undefined)[] {
  return runtime
    ? [p.address, p.runtimeAddress, p.semaphoreAddress, p.runtimeSemaphore]
    : [p.address, p.semaphoreAddress];
}

function cellLength(c: string | bigint | null | undefined): number {
  if (typeof c === "string") return c.length;
  return c === null || c === undefined ? 1 : 2 + hexLength(c);
}

/**
 * One line: each cell but the last padded to its column's width, cells two
 * spaces apart, trailing white space removed (`trimEnd`), then a newline. The
 * last cell (ARGUMENTS) usually ends in something other than white space, and
 * then the line is written cell by cell; otherwise it is built as a string and
 * trimmed.
 */
function writeRow(out: ByteSink, cells: readonly (string | bigint | null | undefined)[], widths: readonly number[]): void {
  const last = cells.length - 1;
  const tail = cells[last];
  if (typeof tail !== "string" || tail.length === 0 || WHITESPACE_END.test(tail)) {
    const text = cells.map((c, i) => (i === last ? cellText(c) : cellText(c).padEnd(widths[i]!))).join("  ");
    out.str(text.trimEnd() + "\n");
    return;
  }
  for (let i = 0; i < last; i++) {
    const c = cells[i];
    if (typeof c === "string") out.str(c);
    else if (c === null || c === undefined) out.byte(0x2d);
    else {
      out.ascii("0x");
      out.hexDigits(c);
    }
    out.spaces(widths[i]! - cellLength(c) + SEP);
  }
  out.str(tail);
  out.byte(0x0a);
}

function cellText(c: string | bigint | null | undefined): string {
  if (typeof c === "string") return c;
  return c === null || c === undefined ? "-" : hex(c);
}
