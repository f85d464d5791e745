/**
 * Differential test: `readelf -n` (GNU binutils 2.40, when installed) against
 * our printer, with and without -W, on every note fixture, the system binaries
 * with probes, and a deterministic sample of 300 ELF files under /usr/bin,
 * /usr/lib and /usr/local. Reports `identical N/M` and fails on any difference.
 * Skips when readelf is absent.
 *
 * ELFCLASS64 core files run in binutils240NtFile mode (see src/notes/readelf.ts).
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { withElfFile } from "../../src/node.js";
import { readelfNotes } from "../../src/notes/readelf.js";
import { run, sampleElf, walk, type Output } from "../../scripts/readelf-diff.mjs";
import { exists, hasTool, SYSTEM_BINARIES } from "../helpers/system.js";
import { noteFixtures, NOTES_DIR } from "./fixtures.js";

const haveReadelf = hasTool("readelf");

function ours(file: string, wide: boolean): Output {
  try {
    const r = withElfFile(file, (elf) => readelfNotes(elf, { wide, binutils240NtFile: true }));
    return { text: r.text, status: r.ok ? 0 : 1 };
  } catch {
    return { text: "", status: 1 };
  }
}

describe.skipIf(!haveReadelf)("readelf -n differential", () => {
  it("matches readelf on fixtures, probe binaries and a sample of system ELF files", () => {
    const fixtures = noteFixtures().map((f) => f.path);
    const probes = SYSTEM_BINARIES.filter(exists);
    const sample = sampleElf(walk(["/usr/bin", "/usr/lib", "/usr/local"].filter(exists)), 300);
    const files = [...new Set([...fixtures, ...probes, ...sample])];
    const lines: string[] = [];
    const result = run(files, ours, { log: (l) => lines.push(l) });
    const report = lines.join("\n");
    console.log(`readelf -n differential: identical ${result.identical}/${result.total} ` +
      `(${fixtures.length} fixtures under ${path.relative(process.cwd(), NOTES_DIR)}, ${probes.length} probe binaries, ${sample.length} sampled)`);
    expect(report).toBe(`identical ${result.total}/${result.total}`);
  });
});
