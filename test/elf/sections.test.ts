import { describe, expect, it } from "vitest";
import { openElf } from "../../src/index.js";
import { PT, SHN, SHT } from "../../src/elf/constants.js";
import { buildElf, Writer } from "../helpers/elf-builder.js";

const secs = [
  { name: ".text", type: SHT.SHT_PROGBITS, flags: 6n, addr: 0x1000n, data: new Uint8Array(16) },
  { name: ".note.x", type: SHT.SHT_NOTE, data: new Uint8Array(0), addralign: 4n },
];

describe("section headers", () => {
  it.each([[32, true], [64, false]] as const)("ELF%i le=%s: names, fields, lookup", (cls, le) => {
    const f = openElf(buildElf({ class: cls, littleEndian: le, sections: secs }).bytes);
    expect(f.sections.map((s) => s.name)).toEqual(["", ".text", ".note.x", ".shstrtab"]);
    const text = f.section(".text")!;
    expect([text.type, text.flags, text.addr, text.size]).toEqual([SHT.SHT_PROGBITS, 6n, 0x1000n, 16n]);
    expect(f.sectionData(text)).toHaveLength(16);
  });

  it("a file with e_shoff 0 has no sections and falls back to PT_NOTE segments for notes", () => {
    const f = openElf(buildElf({
      class: 64, littleEndian: true, noSectionHeaders: true,
      sections: [{ name: ".n", type: SHT.SHT_NOTE, data: new Uint8Array(0), addralign: 4n }],
      segments: [{ type: PT.PT_NOTE, flags: 4, offset: 0x40n, filesz: 0n, align: 4n }],
    }).bytes);
    expect(f.sections).toEqual([]);
    expect(f.noteContainers().map((c) => c.kind)).toEqual(["segment"]);
  });

  it("extended numbering: e_shnum 0 and e_shstrndx SHN_XINDEX read from section 0", () => {
    const built = buildElf({ class: 64, littleEndian: true, sections: secs });
    const b = built.bytes.slice();
    const w = new Writer(0, true);
    w.bytes = b;
    w.view = new DataView(b.buffer);
    w.u16(60, 0); // e_shnum
    w.u16(62, SHN.SHN_XINDEX); // e_shstrndx
    w.u64(built.shoff + 32, 4n); // section 0 sh_size = count
    w.u32(built.shoff + 40, 3); // section 0 sh_link = shstrndx
    const f = openElf(b);
    expect(f.sections.map((s) => s.name)).toEqual(["", ".text", ".note.x", ".shstrtab"]);
  });

  it("PN_XNUM takes the segment count from section 0's sh_info", () => {
    const built = buildElf({
      class: 32, littleEndian: true, sections: secs,
      segments: [{ type: PT.PT_LOAD, flags: 5, sections: [".text"] }, { type: PT.PT_NOTE, flags: 4, sections: [".note.x"] }],
    });
    const b = built.bytes.slice();
    const v = new DataView(b.buffer);
    v.setUint16(44, 0xffff, true); // e_phnum = PN_XNUM
    v.setUint32(built.shoff + 28, 2, true); // section 0 sh_info
    expect(openElf(b).segments.map((p) => p.type)).toEqual([PT.PT_LOAD, PT.PT_NOTE]);
  });

  it("a table past the end of the file is BAD_SECTION; a name past .shstrtab is a warning", () => {
    const built = buildElf({ class: 64, littleEndian: true, sections: secs });
    const b = built.bytes.slice();
    const v = new DataView(b.buffer);
    v.setUint16(60, 5000, true);
    expect(() => openElf(b).sections).toThrow(expect.objectContaining({ code: "BAD_SECTION" }));
    const c = built.bytes.slice();
    new DataView(c.buffer).setUint32(built.shoff + 64, 0xffff, true); // .text sh_name
    const f = openElf(c);
    expect(f.sections[1]!.name).toBe("");
    expect(f.sectionWarnings.map((w) => w.code)).toEqual(["BAD_STRING"]);
  });

  it("e_shentsize smaller than a section header is BAD_HEADER", () => {
    const b = buildElf({ class: 64, littleEndian: true, sections: secs }).bytes.slice();
    new DataView(b.buffer).setUint16(58, 10, true);
    expect(() => openElf(b).sections).toThrow(expect.objectContaining({ code: "BAD_HEADER" }));
  });

  // The three rules below are GNU readelf 2.40's (src/elf/sections.ts).
  it("a larger e_shentsize widens the table's range, not the distance between headers", () => {
    const built = buildElf({ class: 64, littleEndian: true, sections: secs });
    const b = built.bytes.slice();
    const v = new DataView(b.buffer);
    v.setUint16(58, 128, true); // e_shentsize: 2 x 128 bytes = the first 4 headers
    v.setUint16(60, 2, true); // e_shnum
    v.setUint16(62, 0, true); // no names
    const f = openElf(b);
    expect(f.sections.map((s) => [s.type, s.headerOffset])).toEqual([[SHT.SHT_NULL, built.shoff], [SHT.SHT_PROGBITS, built.shoff + 64]]);
    v.setUint16(60, 3, true); // 3 x 128 bytes: past the end of the file
    expect(() => openElf(b).sections).toThrow(expect.objectContaining({ code: "BAD_SECTION" }));
  });

  it("the extended count keeps the low 32 bits of section 0's sh_size", () => {
    const built = buildElf({ class: 64, littleEndian: true, sections: secs });
    const b = built.bytes.slice();
    const v = new DataView(b.buffer);
    v.setUint16(60, 0, true);
    v.setBigUint64(built.shoff + 32, 2n ** 32n + 4n, true);
    expect(openElf(b).sections.map((s) => s.name)).toEqual(["", ".text", ".note.x", ".shstrtab"]);
  });

  it("an SHT_NOBITS section-name table still names the sections", () => {
    const built = buildElf({ class: 32, littleEndian: false, sections: secs });
    const b = built.bytes.slice();
    new DataView(b.buffer).setUint32(built.shoff + 3 * 40 + 4, SHT.SHT_NOBITS, false);
    const f = openElf(b);
    expect(f.sections.map((s) => s.name)).toEqual(["", ".text", ".note.x", ".shstrtab"]);
    expect(f.sectionWarnings).toEqual([]);
  });

  it("PN_XNUM reads section 0 alone: the count holds when the rest of the table is cut off, and sh_info 0 keeps 0xffff", () => {
    const built = buildElf({
      class: 64, littleEndian: true, sections: secs,
      segments: [{ type: PT.PT_LOAD, flags: 5, sections: [".text"] }, { type: PT.PT_NOTE, flags: 4, sections: [".note.x"] }],
    });
    const b = built.bytes.slice();
    const v = new DataView(b.buffer);
    v.setUint16(56, 0xffff, true); // e_phnum = PN_XNUM
    v.setUint32(built.shoff + 44, 2, true); // section 0 sh_info
    const cut = b.slice(0, built.shoff + 64);
    expect(() => openElf(cut).sections).toThrow(expect.objectContaining({ code: "BAD_SECTION" }));
    expect(openElf(cut).segments.map((p) => p.type)).toEqual([PT.PT_LOAD, PT.PT_NOTE]);
    v.setUint32(built.shoff + 44, 0, true);
    expect(() => openElf(b).segments).toThrow(expect.objectContaining({ code: "BAD_SEGMENT" }));
  });
});
