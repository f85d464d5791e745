/**
 * The default, human-readable view: one aligned table of probes per file.
 *
 * ```
 * PROVIDER  NAME             ADDRESS   SEMAPHORE  ARGUMENTS
 * python    audit            0x42512a  0xa84276   8@%rbx 8@%r15
 * ```
 *
 * Columns are padded to their widest cell and separated by two spaces; the last
 * column is not padded and trailing white space is trimmed from each line.
 * Written for large inputs (100,000 probes): each cell is formatted once, no
 * per-row arrays, `padEnd` or string concatenation, and a line is only trimmed
 * when it could end in white space.
 */
import { hex } from "../elf/errors.js";
import type { Probe } from "../stapsdt/probes.js";

const HEADINGS = ["PROVIDER", "NAME", "ADDRESS", "SEMAPHORE", "ARGUMENTS"] as const;

/** Runs of spaces by length, built once per table (no string per cell). */
function spaceRuns(max: number): string[] {
  const runs: string[] = [];
  let run = "";
  for (let i = 0; i <= max; i++, run += " ") runs.push(run);
  return runs;
}

/** Whether `s` could end with a character `String.prototype.trimEnd` removes. */
function mayEndInSpace(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(s.length - 1);
  return c <= 0x20 || c >= 0x7f;
}

/** Renders `probes` as an aligned table (ending with a newline), or a "no probes" line. */
export function renderTable(probes: readonly Probe[]): string {
  if (probes.length === 0) return "(no SDT probes)\n";
  const n = probes.length;
  const addresses = new Array<string>(n);
  const semaphores = new Array<string>(n);
  let w0 = HEADINGS[0].length;
  let w1 = HEADINGS[1].length;
  let w2 = HEADINGS[2].length;
  let w3 = HEADINGS[3].length;
  for (let i = 0; i < n; i++) {
    const p = probes[i]!;
    const a = hex(p.address);
    const s = p.semaphoreAddress === null ? "-" : hex(p.semaphoreAddress);
    addresses[i] = a;
    semaphores[i] = s;
    if (p.provider.length > w0) w0 = p.provider.length;
    if (p.name.length > w1) w1 = p.name.length;
    if (a.length > w2) w2 = a.length;
    if (s.length > w3) w3 = s.length;
  }
  const pad = spaceRuns(Math.max(w0, w1, w2, w3) + 2);
  // Cells and padding are pushed to an array and joined every 512 rows: no
  // intermediate string per row or per concatenation (each would be a heap
  // object that lives until the end and costs the garbage collector).
  const parts: string[] = [];
  const chunks: string[] = [];
  const row = (c0: string, c1: string, c2: string, c3: string, c4: string): void => {
    if (mayEndInSpace(c4)) {
      const l = c0 + pad[w0 - c0.length + 2]! + c1 + pad[w1 - c1.length + 2]! + c2 + pad[w2 - c2.length + 2]! +
        c3 + pad[w3 - c3.length + 2]! + c4;
      parts.push(l.trimEnd(), "\n");
    } else {
      parts.push(c0, pad[w0 - c0.length + 2]!, c1, pad[w1 - c1.length + 2]!, c2, pad[w2 - c2.length + 2]!,
        c3, pad[w3 - c3.length + 2]!, c4, "\n");
    }
  };
  row(HEADINGS[0], HEADINGS[1], HEADINGS[2], HEADINGS[3], HEADINGS[4]);
  for (let i = 0; i < n; i++) {
    const p = probes[i]!;
    row(p.provider, p.name, addresses[i]!, semaphores[i]!, p.arguments);
    if ((i & 511) === 511) {
      chunks.push(parts.join(""));
      parts.length = 0;
    }
  }
  chunks.push(parts.join(""));
  return chunks.join("");
}
