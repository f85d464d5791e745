/**
 * Random note containers compared with `readelf -n` (binutils 2.40): arbitrary
 * bytes and sequences of plausible notes with arbitrary descriptors, in
 * sections and segments, both classes and byte orders, every alignment
 * readelf treats specially. Skips when readelf is absent.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openElf } from "../../src/index.js";
import { readelfNotes } from "../../src/notes/readelf.js";
import { readelf } from "../../scripts/readelf-diff.mjs";
import { hasTool } from "../helpers/system.js";
import { noteBytes, testElf } from "./elf.js";

describe.skipIf(!hasTool("readelf"))("readelf -n on random notes", () => {
  it("prints what readelf prints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notes-fuzz-"));
    const file = path.join(dir, "f");
    const bytes = fc.uint8Array({ maxLength: 120 });
    const owner = fc.constantFrom("GNU", "stapsdt", "CORE", "FDO", "Go", "GA$\x013a1", "GA*\x07", "", "LINUX", "XYZ", "stapsdt\x01x");
    const type = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0x100, 0x101, 0x46494c45, 0xcafe1a7e, 0x202));
    const note = fc.tuple(owner, type, bytes, fc.boolean()).map(([o, t, d, le]) => ({ o, t, d, le }));
    try {
      fc.assert(fc.property(
        fc.array(note, { maxLength: 5 }), fc.uint8Array({ maxLength: 12 }), fc.constantFrom(0n, 4n, 8n, 2n, 16n),
        fc.boolean(), fc.boolean(), fc.constantFrom(62, 3, 183), fc.constantFrom(1, 2, 4), fc.boolean(), fc.boolean(),
        (notes, tail, align, le, is64, machine, etype, segment, wide) => {
          const body = Uint8Array.from([...notes.flatMap((n) => [...noteBytes(n.o, n.t, n.d, { le })]), ...tail]);
          const elf = testElf({ notes: body, align, le, is64, machine, type: etype, segment });
          fs.writeFileSync(file, elf);
          const want = readelf(file, wide);
          const got = readelfNotes(openElf(elf), { wide, binutils240NtFile: true });
          expect(got.text).toBe(want.text);
          expect(got.ok ? 0 : 1).toBe(want.status);
        }), { numRuns: 150 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
