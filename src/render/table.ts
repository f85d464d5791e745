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
 */
import { hex } from "../elf/errors.js";
import type { Probe } from "../stapsdt/probes.js";
import { printable } from "./printable.js";

/** A probe, with runtime addresses when it comes from a running program (`--pid`) */
export type TableProbe = Probe & {
  readonly runtimeAddress?: bigint | null;
  readonly runtimeSemaphore?: bigint | null;
};

/**
 * What a row of the table shows of a probe: a {@link TableProbe} is one;
 * so is less (the CLI makes rows of files' probes without their parsed
 * arguments, which the table does not show).
 */
export type TableRow = Pick<TableProbe, "provider" | "name" | "address" | "semaphoreAddress" | "arguments" | "runtimeAddress" | "runtimeSemaphore">;

export interface TableOptions {
  /** Add RUNTIME and RUNTIME-SEM columns. */
  readonly runtime?: boolean;
  /** How many rows to make room for at first (`writeTable`; a guess, not a limit). */
  readonly expectedRows?: number;
}

const hexOr = (v: bigint | null | undefined): string => (v === null || v === undefined ? "-" : hex(v));

/** Groups probes by `provider:name`, in order of first appearance. */
export function groupProbes<P extends { readonly provider: string; readonly name: string }>(probes: readonly P[]): P[][] {
  const groups = new Map<string, P[]>();
  for (const p of probes) {
    const key = `${p.provider}\0${p.name}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

/**
 * Renders `probes` as an aligned table (ending with a newline), or a "no probes" line.
 *
 * Plain loops over one flat array of cells, without a closure, spread or
 * `map` per cell: the CLI prints small files with this function
 * (`SMALL_NOTE_BYTES`), once per command, so it runs in the interpreter,
 * where each such call costs more than the native string code it wraps. The
 * text is that of the obvious version (a property test keeps one).
 */
export function renderTable(probes: readonly TableRow[], options: TableOptions = {}): string {
  if (probes.length === 0) return "(no SDT probes)\n";
  const runtime = options.runtime === true;
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  const columns = headings.length;
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) widths.push(headings[c]!.length);
  // Row-major: row r's cells are cells[r * columns, (r + 1) * columns).
  const cells: string[] = [];
  const groups = groupProbes(probes);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    for (let i = 0; i < group.length; i++) {
      const p = group[i]!;
      // Strings from the file are escaped: they may hold terminal control sequences.
      if (i === 0) cells.push(printable(p.provider), printable(p.name), String(group.length));
      else cells.push("", "", "");
      cells.push(hex(p.address));
      if (runtime) cells.push(hexOr(p.runtimeAddress), hexOr(p.semaphoreAddress), hexOr(p.runtimeSemaphore));
      else cells.push(hexOr(p.semaphoreAddress));
      cells.push(printable(p.arguments));
    }
  }
  for (let k = 0, c = 0; k < cells.length; k++) {
    const n = cells[k]!.length;
    if (n > widths[c]!) widths[c] = n;
    if (++c === columns) c = 0;
  }
  let out = line(headings, 0, widths);
  for (let k = 0; k < cells.length; k += columns) out += line(cells, k, widths);
  return out;
}

/**
 * The line of `cells[from, from + widths.length)`: padded to their column
 * (all but the last), two spaces apart, trailing blanks trimmed.
 */
function line(cells: readonly string[], from: number, widths: readonly number[]): string {
  const last = widths.length - 1;
  let s = "";
  for (let c = 0; c < last; c++) s += cells[from + c]!.padEnd(widths[c]!) + "  ";
  return (s + cells[from + last]!).trimEnd() + "\n";
}
