import { describe, expect, it } from "vitest";
import { noteAlignment, parseNotes } from "../../src/elf/notes.js";
import { concat, note } from "../helpers/elf-builder.js";

describe("noteAlignment (binutils rule)", () => {
  it("treats 0..4 as 4, accepts 8, rejects the rest", () => {
    expect([0n, 1n, 2n, 3n, 4n, 8n, 16n, 5n].map(noteAlignment)).toEqual([4, 4, 4, 4, 4, 8, 0, 0]);
  });
});

describe("parseNotes", () => {
  const a = note("GNU", 3, new Uint8Array([1, 2, 3, 4, 5]), true);
  const b = note("stapsdt", 3, new Uint8Array(30), true);
  const c = note(null, 7, new Uint8Array(0), true);

  it("iterates notes with 4-byte alignment and reports file offsets", () => {
    const list = parseNotes(concat(a, b, c), 0x100, 4n, true);
    expect(list.error).toBeNull();
    expect(list.notes.map((n) => [n.name, n.type, n.namesz, n.descsz, n.offset])).toEqual([
      ["GNU", 3, 4, 5, 0x100],
      ["stapsdt", 3, 8, 30, 0x100 + a.length],
      ["", 7, 0, 0, 0x100 + a.length + b.length],
    ]);
    expect([...list.notes[0]!.desc]).toEqual([1, 2, 3, 4, 5]);
    expect(list.notes[1]!.descOffset).toBe(0x100 + a.length + 20);
  });

  it("uses 8-byte alignment when the container says 8", () => {
    const n8 = note("stapsdt", 3, new Uint8Array(5), false, 8);
    const list = parseNotes(concat(n8, n8), 0, 8n, false);
    expect(list.notes).toHaveLength(2);
    expect(list.notes[1]!.descAt - list.notes[1]!.at).toBe(24);
  });

  it("big-endian headers", () => {
    const list = parseNotes(note("GNU", 0x1234, new Uint8Array(4), false), 0, 4n, false);
    expect(list.notes[0]!.type).toBe(0x1234);
  });

  it("rejects an alignment other than 4 or 8 and reads nothing", () => {
    const list = parseNotes(a, 0x40, 16n, true);
    expect(list.notes).toEqual([]);
    expect(list.error?.code).toBe("BAD_NOTE");
    expect(list.framing).toEqual({ kind: "alignment", align: 16n });
  });

  it("stops at a short remainder, keeping earlier notes", () => {
    const list = parseNotes(concat(a, new Uint8Array(5)), 0, 4n, true);
    expect(list.notes).toHaveLength(1);
    expect(list.framing).toEqual({ kind: "short", at: a.length, remaining: 5 });
  });

  it("stops at a note whose padded desc overruns the container", () => {
    const bad = note("X", 1, new Uint8Array(6), true).subarray(0, 12 + 4 + 6); // padding cut off
    const list = parseNotes(concat(a, bad), 0x10, 4n, true);
    expect(list.notes).toHaveLength(1);
    expect(list.framing).toEqual({ kind: "overrun", at: a.length, type: 1, namesz: 2, descsz: 6, align: 4 });
    expect(list.error?.offset).toBe(0x10 + a.length);
  });

  it("huge namesz/descsz do not allocate or overflow", () => {
    const h = new Uint8Array(12);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0xffffffff, true);
    v.setUint32(4, 0xffffffff, true);
    expect(parseNotes(h, 0, 4n, true).framing?.kind).toBe("overrun");
  });

  it("an owner without a NUL inside namesz is taken whole", () => {
    const raw = concat(new Uint8Array([3, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]), new TextEncoder().encode("ABC"), new Uint8Array(1));
    expect(parseNotes(raw, 0, 4n, true).notes[0]!.name).toBe("ABC");
  });
});
