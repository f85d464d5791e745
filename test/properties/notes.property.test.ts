/**
 * Properties of the note iterator and the probe decoder: generated notes come
 * back exactly; arbitrary bytes give notes or the documented error, nothing else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ElfError, listProbes, openElf } from "../../src/index.js";
import { makeNote, parseNotes, walkNotes } from "../../src/elf/notes.js";
import { concat, note, stapsdtDesc } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";

const owner = fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Za-z0-9_.]{1,12}$/));
const genNote = fc.record({
  owner,
  type: fc.nat({ max: 0xffffffff }),
  desc: fc.uint8Array({ maxLength: 40 }),
});

describe("parseNotes properties", () => {
  it("round-trips generated notes for both alignments and byte orders", () => {
    fc.assert(fc.property(fc.array(genNote, { maxLength: 8 }), fc.boolean(), fc.constantFrom(4, 8), (notes, le, align) => {
      const bytes = concat(...notes.map((n) => note(n.owner, n.type, n.desc, le, align)));
      const list = parseNotes(bytes, 0, BigInt(align), le);
      expect(list.error).toBeNull();
      expect(list.notes.map((n) => [n.name, n.type, [...n.desc]])).toEqual(notes.map((n) => [n.owner ?? "", n.type, [...n.desc]]));
    }));
  });

  it("walkNotes visits exactly parseNotes' notes and ends the same way", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.bigInt({ min: 0n, max: 16n }), fc.boolean(), fc.integer({ min: 0, max: 6 }),
      (bytes, align, le, max) => {
        const list = parseNotes(bytes, 100, align, le, max);
        const seen: unknown[] = [];
        const end = walkNotes(bytes, 100, align, le, (at, namesz, descsz, type, descAt) => {
          seen.push(makeNote(bytes, 100, at, namesz, descsz, type, descAt));
        }, max);
        expect(seen).toEqual(list.notes);
        expect([end.align, end.error, end.framing]).toEqual([list.align, list.error, list.framing]);
      }));
  });

  it("never throws and never reads past the container on arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.bigInt({ min: 0n, max: 16n }), fc.boolean(), (bytes, align, le) => {
      const list = parseNotes(bytes, 0, align, le);
      for (const n of list.notes) expect(n.descAt + n.descsz).toBeLessThanOrEqual(bytes.length);
      if (list.error) expect(list.error).toBeInstanceOf(ElfError);
    }));
  });
});

describe("stapsdt decoding properties", () => {
  const probe = fc.record({
    provider: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/),
    name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/),
    location: fc.bigInt({ min: 0n, max: 0xffffffffn }),
    semaphore: fc.bigInt({ min: 0n, max: 0xffffffffn }),
    args: fc.stringMatching(/^[-0-9@%a-z() $,]{0,40}$/),
  });
  it("decodes generated descriptors in any class and byte order", () => {
    fc.assert(fc.property(fc.array(probe, { maxLength: 6 }), fc.constantFrom(32, 64), fc.boolean(), (probes, cls, le) => {
      const built = sampleElf({ class: cls as 32 | 64, littleEndian: le, probes: [] , extraNotes: probes.map((p) =>
        note("stapsdt", 3, stapsdtDesc(cls === 64, le, { ...p, base: 0x402000n }), le)) });
      const list = listProbes(openElf(built.bytes));
      expect(list.probes.map((p) => [p.provider, p.name, p.location, p.semaphore, p.arguments]))
        .toEqual(probes.map((p) => [p.provider, p.name, p.location, p.semaphore, p.args]));
    }));
  });

  it("corrupting descriptor bytes gives probes or warnings, never an exception", () => {
    fc.assert(fc.property(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (at, junk) => {
      const built = sampleElf();
      const b = built.bytes.slice();
      const start = built.sectionOffset.get(".note.stapsdt")!;
      b.set(junk.subarray(0, Math.max(0, b.length - start - (at % 200))), Math.min(b.length, start + (at % 200)));
      try {
        const list = listProbes(openElf(b));
        for (const w of list.warnings) expect(w).toBeInstanceOf(ElfError);
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
      }
    }));
  });
});
