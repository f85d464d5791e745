/**
 * `stapsdt-ls -n` against GNU readelf 2.40 on every committed input under
 * fixtures/binaries (every directory: malformed, notes, the architectures,
 * prelinked): stdout byte for byte and the exit status, first against
 * readelf's recorded answer (so this runs everywhere), then against the
 * installed readelf when it is 2.40.
 *
 * Where readelf's answer is recorded:
 * - `malformed/<name>`: `<name>.readelf-n.txt` (none when stdout is empty) and
 *   `<name>.readelf-n.json` (exit status, stderr), by test/fixtures/malformed.test.ts;
 * - `notes/<path>`: `notes/golden/<path with / as _>.txt` and `.W.txt` (-W),
 *   the statuses in `golden/status.txt`, by fixtures/notes/build.sh;
 * - everywhere else: `<file>.readelf-n.txt`, by fixtures/build.sh or
 *   fixtures/prelink.sh (`readelf -n FILE > ...` under `set -e`: status 0).
 *
 * The deviations of test/helpers/readelf-deviations.ts must show exactly as
 * listed. ELFCLASS64 cores are compared in `binutils240NtFile` mode (the
 * decoded NT_FILE has its own golden, test/notes/readelf-golden.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compareFile, walk } from "../../scripts/readelf-diff.mjs";
import { READELF_DEVIATIONS } from "../helpers/readelf-deviations.js";
import { HAVE_READELF_240 } from "../helpers/system.js";
import { GOLDEN_DIR, noteFixtures, runNotes } from "./fixtures.js";

const ROOT = path.resolve(__dirname, "../../fixtures/binaries");

/** Every committed input: not the goldens beside them. */
const INPUTS = walk([ROOT])
  .filter((f) => !/\.(json|txt|md)$/.test(f) && !f.startsWith(GOLDEN_DIR + path.sep))
  .map((f) => path.relative(ROOT, f));

interface Answer {
  readonly stdout: string;
  readonly status: number;
}

const NOTES = new Map(noteFixtures().map((f) => [f.name, f]));

/** readelf's recorded answer for `rel`, for -n and (when recorded) -n -W; null when none is. */
function recorded(rel: string): { n: Answer; w: Answer | null } | null {
  const file = path.join(ROOT, rel);
  const text = (p: string): string => (fs.existsSync(p) ? fs.readFileSync(p, "latin1") : "");
  if (rel.startsWith(`malformed${path.sep}`)) {
    const meta = `${file}.readelf-n.json`;
    if (!fs.existsSync(meta)) return null;
    const { status } = JSON.parse(fs.readFileSync(meta, "utf8")) as { status: number };
    return { n: { stdout: text(`${file}.readelf-n.txt`), status }, w: null };
  }
  if (rel.startsWith(`notes${path.sep}`)) {
    const f = NOTES.get(path.relative("notes", rel).split(path.sep).join("/"));
    if (!f) return null;
    return { n: { stdout: f.golden(false).toString("latin1"), status: f.status }, w: { stdout: f.golden(true).toString("latin1"), status: f.statusWide } };
  }
  if (!fs.existsSync(`${file}.readelf-n.txt`)) return null;
  return { n: { stdout: text(`${file}.readelf-n.txt`), status: 0 }, w: null };
}

function ours(rel: string, wide: boolean): Answer {
  const r = runNotes([path.join(ROOT, rel)], { wide, binutils240NtFile: true });
  return { stdout: r.stdout.toString("latin1"), status: r.status };
}

describe("readelf -n on every fixture", () => {
  it("covers every directory, and readelf's answer is recorded for every input", () => {
    expect(new Set(INPUTS.map((f) => f.split(path.sep)[0]))).toEqual(new Set(fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory())));
    expect(INPUTS.filter((f) => recorded(f) === null)).toEqual([]);
    expect(INPUTS.length).toBeGreaterThan(120);
  });

  it.each(INPUTS)("%s: -n prints readelf's recorded answer", (rel) => {
    const want = recorded(rel)!;
    const deviation = READELF_DEVIATIONS[rel];
    for (const [wide, answer] of [[false, want.n], [true, want.w]] as const) {
      if (answer === null) continue;
      if (deviation) {
        expect(ours(rel, wide), deviation.why).toEqual(deviation.ours);
        expect(answer).not.toEqual(deviation.ours);
      } else {
        expect(ours(rel, wide)).toEqual(answer);
      }
    }
  });

  // readelf's stderr is recorded for the malformed fixtures. The messages about
  // reading the section headers, the section-name table, the program headers,
  // note containers and the dynamic section are readelf's own
  // (src/format/readelf/readelf-sections.ts, readelf-segments.ts,
  // readelf-dynamic.ts); other messages still have our wording.
  const MODELLED = new RegExp([
    "for (section headers|program headers|string table|section contents|notes|dynamic section|symbol information)$",
    "e_(sh|ph)entsize field", "possibly corrupt ELF (file )?header", "out of range sh_(link|info) value", "dynamic segment",
    "Too many program headers", "file size is larger than its memory size", "PHDR segment", "program interpreter name",
  ].join("|"));
  it.each(INPUTS.filter((f) => f.startsWith(`malformed${path.sep}`) && !READELF_DEVIATIONS[f]))("%s: readelf's messages about sections, program headers, note containers and the dynamic section", (rel) => {
    const file = path.join(ROOT, rel);
    const { stderr } = JSON.parse(fs.readFileSync(`${file}.readelf-n.json`, "utf8")) as { stderr: string[] };
    const r = runNotes([file]);
    const lines = (text: readonly string[], prog: string): string[] =>
      text.map((l) => l.replace(`${prog}: `, "")).filter((l) => MODELLED.test(l));
    expect(lines(r.stderr.split("\n"), "stapsdt-ls")).toEqual(lines(stderr, "readelf"));
  });

  it.skipIf(!HAVE_READELF_240).each(INPUTS)("%s: -n prints what the installed readelf 2.40 prints (-n and -n -W)", (rel) => {
    const file = path.join(ROOT, rel);
    const deviation = READELF_DEVIATIONS[rel];
    const output = (_f: string, wide: boolean) => {
      const r = ours(rel, wide);
      return { text: r.stdout, status: r.status };
    };
    if (deviation) {
      for (const wide of [false, true]) expect(ours(rel, wide), deviation.why).toEqual(deviation.ours);
      expect(compareFile(file, output)).not.toEqual([]);
    } else {
      expect(compareFile(file, output)).toEqual([]);
    }
  });
});
