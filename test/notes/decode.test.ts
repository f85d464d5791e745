import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openElf } from "../../src/index.js";
import { withElfFile } from "../../src/node.js";
import { decodeBuildAttribute } from "../../src/notes/annobin.js";
import { decodeNtFile } from "../../src/notes/core.js";
import { decodeNoteBlocks, type DecodedNote } from "../../src/notes/decode.js";
import { decodeGnuNote } from "../../src/notes/gnu.js";
import { decodeGnuProperties } from "../../src/notes/property.js";
import { readelfNotes } from "../../src/format/readelf/readelf.js";
import { noteBytes, testElf } from "./elf.js";
import { NOTES_DIR } from "./fixtures.js";

function notesOf(path: string): DecodedNote[] {
  return withElfFile(path, (f) => [...decodeNoteBlocks(f)].flatMap((b) => [...b.notes]));
}

describe("decodeNoteBlocks", () => {
  it("decodes the notes of a linked program", () => {
    const notes = notesOf(`${NOTES_DIR}/probes-x86_64`);
    const kinds = notes.map((n) => n.body.kind);
    expect(kinds).toContain("gnu-build-id");
    expect(kinds).toContain("gnu-abi-tag");
    expect(kinds).toContain("gnu-properties");
    const probes = notes.flatMap((n) => (n.body.kind === "stapsdt" ? [n.body.probe] : []));
    expect(probes.map((p) => `${p.provider}:${p.name}`).sort()).toEqual(["prov:args", "prov:noargs", "prov:withsem"]);
    expect(probes.every((p) => p.semaphore !== 0n)).toBe(true);
  });

  it("applies relocations in relocatable objects, like readelf", () => {
    for (const arch of ["x86_64", "i686", "aarch64", "s390x", "riscv64", "ppc64le"]) {
      const probes = notesOf(`${NOTES_DIR}/probes-${arch}.o`).flatMap((n) => (n.body.kind === "stapsdt" ? [n.body.probe] : []));
      expect(probes.length, arch).toBe(3);
      // The semaphore addresses come from relocations against the .probes symbols.
      expect(new Set(probes.map((p) => p.semaphore)).size, arch).toBe(3);
      const raw = withElfFile(`${NOTES_DIR}/probes-${arch}.o`, (f) =>
        [...decodeNoteBlocks(f, { relocate: false })].flatMap((b) => b.notes.flatMap((n) => (n.body.kind === "stapsdt" ? [n.body.probe] : []))));
      if (arch === "x86_64") expect(raw.every((p) => p.semaphore === 0n)).toBe(true);
    }
  });

  it("decodes core notes, NT_FILE included for ELF64", () => {
    const notes = notesOf(`${NOTES_DIR}/core-64`);
    const file = notes.find((n) => n.body.kind === "core-file");
    expect(file?.typeName).toBe("NT_FILE (mapped files)");
    if (file?.body.kind !== "core-file") throw new Error("no NT_FILE");
    expect(file.body.files.length).toBeGreaterThan(0);
    expect(file.body.files[0]!.path).toMatch(/tiny64$/);
    expect(notes.find((n) => n.note.type === 1)?.body.kind).toBe("core");
  });

  it("keeps the notes before a framing error and reports it", () => {
    const good = noteBytes("GNU", 3, Uint8Array.of(1, 2, 3, 4));
    const elf = openElf(testElf({ notes: Uint8Array.of(...good, 1, 2, 3, 4, 5) }));
    const [block] = [...decodeNoteBlocks(elf)];
    expect(block!.notes.map((n) => n.body.kind)).toEqual(["gnu-build-id"]);
    expect(block!.framing).toEqual({ kind: "short", at: good.length, remaining: 5 });
  });

  it("matches owners by prefix and types by owner, as readelf", () => {
    const notes = [...decodeNoteBlocks(openElf(testElf({
      notes: Uint8Array.of(...noteBytes("GNUx", 3, Uint8Array.of(9)), ...noteBytes("XYZ", 4, Uint8Array.of(1)), ...noteBytes("", 3, new TextEncoder().encode("GNU\0"))),
    })))].flatMap((b) => [...b.notes]);
    expect(notes.map((n) => [n.displayOwner, n.typeName, n.body.kind])).toEqual([
      ["GNUx", "NT_GNU_BUILD_ID (unique build ID bitstring)", "gnu-build-id"],
      ["XYZ", "GO BUILDID", "raw"],
      // namesz 0: the generic table, but the body is chosen by the bytes after the header.
      ["(NONE)", "Unknown note type: (0x00000003)", "gnu-build-id"],
    ]);
  });
});

describe("decoders", () => {
  it("NT_FILE, ELF32 big-endian", () => {
    const desc = Uint8Array.of(0, 0, 0, 1, 0, 0, 0x10, 0, 0x10, 0, 0, 0, 0x10, 0, 0x10, 0, 0, 0, 0, 2, 0x2f, 0x78, 0);
    expect(decodeNtFile(desc, false, false)).toEqual({
      kind: "core-file", pageSize: 4096n, reason: null,
      files: [{ start: 0x10000000n, end: 0x10001000n, fileOffset: 2n, path: "/x" }],
    });
    expect(decodeNtFile(desc.subarray(0, 7), false, false)).toMatchObject({ kind: "corrupt", reason: "Malformed note - too short for header" });
  });

  it("GNU property lists", () => {
    const desc = Uint8Array.of(2, 0, 0, 0xc0, 4, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0);
    const list = decodeGnuProperties(desc, true, true);
    expect(list.error).toBeNull();
    expect(list.properties.map((p) => [p.type, [...p.data]])).toEqual([[0xc0000002, [3, 0, 0, 0]]]);
    expect(decodeGnuProperties(desc.subarray(0, 12), true, true).error).toEqual({ kind: "size", descsz: 12 });
    expect(decodeGnuProperties(desc.subarray(0, 8), true, false).error).toEqual({ kind: "datasz", type: 0xc0000002, datasz: 4 });
  });

  it("GNU ABI tag", () => {
    expect(decodeGnuNote(1, Uint8Array.of(0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), true, true))
      .toEqual({ kind: "gnu-abi-tag", os: 0, osName: "Linux", major: 3, minor: 2, subminor: 0 });
  });

  const bytes = fc.uint8Array({ maxLength: 300 });
  it("never throw on arbitrary descriptors", () => {
    fc.assert(fc.property(bytes, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 0x110 }), (desc, le, is64, type) => {
      decodeGnuNote(type, desc, le, is64);
      decodeGnuProperties(desc, le, is64);
      decodeNtFile(desc, le, is64);
      decodeBuildAttribute(0x100, desc, le);
    }));
  });

  it("the printer never throws on arbitrary note containers", () => {
    const align = fc.constantFrom(0n, 1n, 4n, 8n, 16n);
    const machine = fc.constantFrom(62, 3, 183, 22);
    const type = fc.constantFrom(1, 2, 4);
    // Arbitrary bytes, and sequences of plausible notes with arbitrary descriptors.
    const owner = fc.constantFrom("GNU", "stapsdt", "CORE", "FDO", "Go", "GA$\x013a1", "", "LINUX", "XYZ");
    const noteArb = fc.tuple(owner, fc.integer({ min: 0, max: 0x102 }).chain((t) => fc.constantFrom(t, 0x46494c45, 0xcafe1a7e)), bytes)
      .map(([o, t, d]) => noteBytes(o, t, d));
    const contents = fc.oneof(bytes, fc.array(noteArb, { maxLength: 6 }).map((ns) => Uint8Array.from(ns.flatMap((n) => [...n]))));
    fc.assert(fc.property(contents, align, fc.boolean(), fc.boolean(), machine, type, fc.boolean(), fc.boolean(),
      (notes, al, le, is64, m, t, segment, wide) => {
        const file = openElf(testElf({ notes, align: al, le, is64, machine: m, type: t, segment }));
        const r = readelfNotes(file, { wide });
        expect(typeof r.text).toBe("string");
        for (let i = 0; i < r.text.length; i++) expect(r.text.charCodeAt(i)).toBeLessThan(256);
      }), { numRuns: 300 });
  });
});
