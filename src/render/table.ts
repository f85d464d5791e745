/**
 * The default, human-readable view: one aligned table of probes per file.
 *
 * ```
 * PROVIDER  NAME             ADDRESS   SEMAPHORE  ARGUMENTS
 * python    audit            0x42512a  0xa84276   8@%rbx 8@%r15
 * ```
 */
import { hex } from "../elf/errors.js";
import type { Probe } from "../stapsdt/probes.js";

const HEADINGS = ["PROVIDER", "NAME", "ADDRESS", "SEMAPHORE", "ARGUMENTS"] as const;

/** Renders `probes` as an aligned table (ending with a newline), or a "no probes" line. */
export function renderTable(probes: readonly Probe[]): string {
  if (probes.length === 0) return "(no SDT probes)\n";
  const rows: string[][] = probes.map((p) => [
    p.provider,
    p.name,
    hex(p.address),
    p.semaphoreAddress === null ? "-" : hex(p.semaphoreAddress),
    p.arguments,
  ]);
  const widths = HEADINGS.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd() + "\n";
  let out = line(HEADINGS);
  for (const r of rows) out += line(r);
  return out;
}
