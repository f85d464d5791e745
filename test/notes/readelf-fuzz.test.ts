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
import { readelfNotes } from "../../src/format/readelf/readelf.js";
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

/**
 * Owners one byte away from "stapsdt" (each byte changed, the NUL missing,
 * one byte short or long), with type NT_STAPSDT and a descriptor that would be
 * a good probe: readelf prints them as notes of another owner, so nothing may
 * print them as probes. Descriptors too short for the three addresses, and
 * exactly as long, beside them. Both classes and byte orders.
 */
describe.skipIf(!hasTool("readelf"))("readelf -n on near-miss stapsdt notes", () => {
  it("prints what readelf prints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notes-nearmiss-"));
    const file = path.join(dir, "f");
    const owners: string[] = ["stapsdt", "stapsdt\0", "stapsd", "stapsdtt"];
    for (let i = 0; i < 8; i++) owners.push(`${"stapsdt\0".slice(0, i)}X${"stapsdt\0".slice(i + 1)}`);
    try {
      for (const is64 of [true, false]) {
        for (const le of [true, false]) {
          const w = is64 ? 8 : 4;
          const good = new Uint8Array(3 * w + 12);
          good.set([0x70, 0x0, 0x6e, 0x0, 0x38, 0x40, 0x25, 0x72, 0x61, 0x78, 0x0], 3 * w); // "p\0n\08@%rax\0"
          good[0] = 0x10;
          const descs = [good, good.subarray(0, 3 * w), good.subarray(0, 3 * w - 1), good.subarray(0, 3 * w + 3)];
          const notes: number[] = [];
          for (const o of owners) for (const d of descs) notes.push(...rawOwnerNote(o, 3, d, le));
          const elf = testElf({ notes: Uint8Array.from(notes), le, is64 });
          fs.writeFileSync(file, elf);
          for (const wide of [false, true]) {
            const want = readelf(file, wide);
            const got = readelfNotes(openElf(elf), { wide });
            expect(got.text, `ELF${is64 ? 64 : 32} ${le ? "LE" : "BE"}${wide ? " -W" : ""}`).toBe(want.text);
            expect(got.ok ? 0 : 1).toBe(want.status);
          }
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A 4-aligned note whose namesz is exactly the owner's length (no NUL added). */
function rawOwnerNote(owner: string, type: number, desc: Uint8Array, le: boolean): number[] {
  const name = [...owner].map((c) => c.charCodeAt(0));
  const pad = (n: number): number => (n + 3) & ~3;
  const out = new Uint8Array(12 + pad(name.length) + pad(desc.length));
  const v = new DataView(out.buffer);
  v.setUint32(0, name.length, le);
  v.setUint32(4, desc.length, le);
  v.setUint32(8, type, le);
  out.set(name, 12);
  out.set(desc, 12 + pad(name.length));
  return [...out];
}
