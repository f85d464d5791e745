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

/** Renders `probes` as an aligned table (ending with a newline), or a "no probes" line. */
export function renderTable(probes: readonly TableRow[], options: TableOptions = {}): string {
  if (probes.length === 0) return "(no SDT probes)\n";
  const headings = options.runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  const rows: string[][] = [];
  for (const group of groupProbes(probes)) {
    group.forEach((p, i) => {
      // Strings from the file are escaped: they may hold terminal control sequences.
      const head = i === 0 ? [printable(p.provider), printable(p.name), String(group.length)] : ["", "", ""];
      const addr = options.runtime
        ? [hex(p.address), hexOr(p.runtimeAddress), hexOr(p.semaphoreAddress), hexOr(p.runtimeSemaphore)]
        : [hex(p.address), hexOr(p.semaphoreAddress)];
      rows.push([...head, ...addr, printable(p.arguments)]);
    });
  }
  const widths = headings.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd() + "\n";
  let out = line(headings);
  for (const r of rows) out += line(r);
  return out;
}
