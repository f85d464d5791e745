/**
 * `stapsdt-ls -n` against GNU readelf 2.40's recorded output for every note
 * fixture (fixtures/binaries/notes/golden, written by fixtures/notes/build.sh):
 * stdout byte for byte and the exit status, with and without -W.
 *
 * ELFCLASS64 core files are the one deliberate difference: readelf 2.40 prints
 * "Cannot decode 64-bit note in 32-bit build" for NT_FILE where we decode it.
 * For those the library is compared in its `binutils240NtFile` mode, and the
 * command's own output has a golden file of ours (test/notes/golden).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { withElfFile } from "../../src/node.js";
import { readelfNotes } from "../../src/format/readelf/readelf.js";
import { expectGolden } from "../helpers/golden.js";
import { noteFixtures, runNotes } from "./fixtures.js";

const fixtures = noteFixtures();

function isCore64(file: string): boolean {
  const b = fs.readFileSync(file).subarray(0, 18);
  return b[4] === 2 && (b[5] === 1 ? b[16] : b[17]) === 4;
}

describe("readelf -n golden output", () => {
  it("covers the fixture set", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  for (const f of fixtures) {
    for (const wide of [false, true]) {
      const label = `${f.name}${wide ? " -W" : ""}`;
      if (!isCore64(f.path)) {
        it(label, () => {
          const r = runNotes([f.path], { wide });
          expect(r.stdout.toString("latin1")).toBe(f.golden(wide).toString("latin1"));
          expect(r.status).toBe(wide ? f.statusWide : f.status);
        });
      } else {
        it(`${label} (binutils 2.40 NT_FILE mode)`, () => {
          const r = withElfFile(f.path, (file) => readelfNotes(file, { wide, binutils240NtFile: true }));
          expect(r.text).toBe(f.golden(wide).toString("latin1"));
          expect(r.ok ? 0 : 1).toBe(wide ? f.statusWide : f.status);
        });
        it(`${label} (NT_FILE decoded)`, () => {
          const r = runNotes([f.path], { wide });
          const name = f.name.replace(/\//g, "_");
          expectGolden(path.join(__dirname, "golden", `${name}${wide ? ".W" : ""}.ours.txt`), r.stdout.toString("latin1"));
          // Outside the NT_FILE bodies, the text is readelf's.
          const strip = (s: string): string => s.replace(/(NT_FILE \(mapped files\)[\t\n])(?:    .*\n|        .*\n)*/g, "$1");
          expect(strip(r.stdout.toString("latin1"))).toBe(strip(f.golden(wide).toString("latin1")));
        });
      }
    }
  }
});
