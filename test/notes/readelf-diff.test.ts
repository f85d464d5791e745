/**
 * Differential test: `readelf -n` (GNU binutils 2.40, when installed) against
 * our `-n`, with and without -W, on every committed fixture under
 * fixtures/binaries (every directory, malformed ones included), the system
 * binaries with probes, and a deterministic sample of 300 ELF files under
 * /usr/bin, /usr/lib and /usr/local. Reports `identical N/M` and fails on any
 * difference in stdout or exit status, except the deliberate deviations of
 * test/helpers/readelf-deviations.ts, which must show exactly as listed.
 *
 * Ours is the command itself (`notesCommand`, what `stapsdt-ls -n` runs), with
 * nothing caught: an exception in our code fails the test rather than pass as
 * a file readelf also rejects.
 *
 * ELFCLASS64 core files run in binutils240NtFile mode (see src/notes/readelf.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run, sampleElf, walk, type Output } from "../../scripts/readelf-diff.mjs";
import { READELF_DEVIATIONS } from "../helpers/readelf-deviations.js";
import { exists, hasTool, SYSTEM_BINARIES } from "../helpers/system.js";
import { runNotes } from "./fixtures.js";

const haveReadelf = hasTool("readelf");
/** System files sampled beside the fixtures; none in mutation runs (`npm run mutate` sets STAPSDT_MUTATE), where they only cost time. */
const SAMPLE = process.env.STAPSDT_MUTATE === "1" ? 0 : 300;
const FIXTURES = path.resolve(__dirname, "../../fixtures/binaries");

/** Every committed input file under fixtures/binaries: not the goldens beside them. */
function fixtureFiles(): string[] {
  return walk([FIXTURES]).filter((f) => !/\.(json|txt|md)$/.test(f) && !f.includes(`${path.sep}golden${path.sep}`));
}

const deviation = (file: string) => READELF_DEVIATIONS[path.relative(FIXTURES, file)];

function ours(file: string, wide: boolean): Output {
  const r = runNotes([file], { wide, binutils240NtFile: true });
  return { text: r.stdout.toString("latin1"), status: r.status };
}

describe.skipIf(!haveReadelf)("readelf -n differential (needs GNU readelf 2.40)", () => {
  it("matches readelf on every fixture, the probe binaries and a sample of system ELF files", () => {
    const fixtures = fixtureFiles();
    const probes = SYSTEM_BINARIES.filter(exists);
    const sample = SAMPLE === 0 ? [] : sampleElf(walk(["/usr/bin", "/usr/lib", "/usr/local"].filter(exists)), SAMPLE);
    const files = [...new Set([...fixtures, ...probes, ...sample])].filter((f) => !deviation(f));
    const lines: string[] = [];
    const result = run(files, ours, { log: (l) => lines.push(l) });
    const report = lines.join("\n");
    console.log(`readelf -n differential: identical ${result.identical}/${result.total} ` +
      `(${fixtures.length} fixtures under ${path.relative(process.cwd(), FIXTURES)}, ${probes.length} probe binaries, ${sample.length} sampled)`);
    expect(report).toBe(`identical ${result.total}/${result.total}`);
    expect(fixtures.length).toBeGreaterThan(80);
  });

  it.each(Object.keys(READELF_DEVIATIONS))("%s deviates exactly as listed", (rel) => {
    const file = path.join(FIXTURES, rel);
    expect(fs.existsSync(file)).toBe(true);
    const d = READELF_DEVIATIONS[rel]!;
    for (const wide of [false, true]) expect(ours(file, wide), d.why).toEqual({ text: d.ours.stdout, status: d.ours.status });
  });
});
