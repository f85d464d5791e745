/**
 * A note's owner name, read the way the ELF spec and readelf read it (the
 * `namesz` bytes up to the first NUL, all of them when there is none), for
 * owners that are one byte away from the two the decoder knows by heart
 * ("stapsdt", "GNU"), so that no shortcut for those can answer for a
 * neighbour. Also `noteOwnerIs`, the allocation-free comparison, against the
 * same reading, and the note-count limit's error.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { noteOwnerIs, parseNotes, walkNotes } from "../../src/elf/notes.js";

/** One note, little-endian, 4-aligned, with raw owner bytes and an empty descriptor. */
function rawNote(owner: Uint8Array): Uint8Array {
  const padded = (owner.length + 3) & ~3;
  const b = new Uint8Array(12 + padded);
  const v = new DataView(b.buffer);
  v.setUint32(0, owner.length, true);
  v.setUint32(4, 0, true);
  v.setUint32(8, 3, true);
  b.set(owner, 12);
  return b;
}

/** The owner as the spec reads it, decoded on its own (ASCII bytes only here). */
function specName(owner: Uint8Array): string {
  const nul = owner.indexOf(0);
  return String.fromCharCode(...(nul < 0 ? owner : owner.subarray(0, nul)));
}

const KNOWN = [[..."stapsdt\0"].map((c) => c.charCodeAt(0)), [..."GNU\0"].map((c) => c.charCodeAt(0))];

/** A known owner with one byte changed, dropped or added; or random ASCII bytes. */
const owner = fc.oneof(
  fc.tuple(fc.constantFrom(...KNOWN), fc.nat(), fc.integer({ min: 0, max: 0x7f }), fc.constantFrom("set", "drop", "add"))
    .map(([k, at, byte, how]) => {
      const b = [...k];
      const i = at % (b.length + 1);
      if (how === "set") b[Math.min(i, b.length - 1)] = byte;
      else if (how === "drop") b.splice(Math.min(i, b.length - 1), 1);
      else b.splice(i, 0, byte);
      return Uint8Array.from(b);
    }),
  fc.constantFrom(...KNOWN).map((k) => Uint8Array.from(k)),
  fc.uint8Array({ maxLength: 10, max: 0x7f }),
);

describe("note owner names", () => {
  it("Note.name and nameBytes read the owner as the spec does; noteOwnerIs agrees", () => {
    fc.assert(fc.property(owner, (o) => {
      const bytes = rawNote(o);
      const list = parseNotes(bytes, 0, 4n, true);
      expect(list.error).toBeNull();
      const [n] = list.notes;
      expect(n!.name).toBe(specName(o));
      expect([...n!.nameBytes]).toEqual([...o]);
      for (const name of ["stapsdt", "GNU"]) expect(noteOwnerIs(bytes, 0, o.length, name), name).toBe(specName(o) === name);
    }));
  });

  it("the exact owners and their nearest neighbours", () => {
    const cases: [string, string][] = [
      ["stapsdt\0", "stapsdt"], ["stapsdtX", "stapsdtX"], ["stapsdX\0", "stapsdX"], ["Xtapsdt\0", "Xtapsdt"],
      ["stapsdt", "stapsdt"], ["stapsdt\0\0\0\0", "stapsdt"], ["GNU\0", "GNU"], ["GNUX", "GNUX"], ["GNX\0", "GNX"],
      ["XNU\0", "XNU"], ["GNU", "GNU"], ["GN\0\0", "GN"], ["", ""],
    ];
    for (const [raw, name] of cases) {
      const o = Uint8Array.from([...raw].map((c) => c.charCodeAt(0)));
      expect(parseNotes(rawNote(o), 0, 4n, true).notes[0]!.name, JSON.stringify(raw)).toBe(name);
    }
  });

  it("more notes than the limit end the walk with BAD_NOTE at the first one not read", () => {
    const three = new Uint8Array([...rawNote(new Uint8Array(0)), ...rawNote(new Uint8Array(0)), ...rawNote(new Uint8Array(0))]);
    let seen = 0;
    const end = walkNotes(three, 0x100, 4n, true, () => void seen++, 2);
    expect(seen).toBe(2);
    expect(end.error).toMatchObject({ code: "BAD_NOTE", offset: 0x100 + 24, message: "more than 2 notes in one container; the rest are not read at byte 0x118" });
    expect(end.framing).toBeNull();
  });
});
