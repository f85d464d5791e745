/**
 * The malformed fixtures of `fixtures/binaries/malformed/`: one small file per
 * breakage, named after what it breaks. Each is a valid synthetic image
 * (test/helpers/sample.ts: ELF64 LE x86-64 unless the name says otherwise,
 * three probes, `.stapsdt.base`, text and data PT_LOADs) with one thing
 * broken. `test/fixtures/malformed.test.ts` writes them with `UPDATE_GOLDEN=1`
 * and otherwise checks the committed files are exactly what this builds.
 * Vitest-free and Node-free.
 */
import { DT } from "../../src/elf/constants.js";
import { buildElf, concat, note, stapsdtDesc, type BuiltElf } from "./elf-builder.js";
import { LAYOUT, Patch } from "./elf-patch.js";
import { rng } from "./mutate.js";
import { dynamicEntries, SAMPLE_PROBES, sampleElf, type SampleOptions } from "./sample.js";
import { baseNamed, corrupt, Draw, shapeNamed } from "./section-tables.js";
import { corruptProgramHeaders, programHeaderShape } from "./program-headers.js";

const W = (cls: 32 | 64): bigint => (cls === 64 ? 8n : 4n);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Three stapsdt words then raw string bytes (no NULs added). */
function rawDesc(cls: 32 | 64, le: boolean, tail: string): Uint8Array {
  const words = stapsdtDesc(cls === 64, le, { location: 0x401030n, base: 0x402000n, provider: "", name: "" }).subarray(0, Number(3n * W(cls)));
  return concat(words, bytes(tail));
}

/**
 * A sample whose `.note.stapsdt` holds the first sample probe, then `bad`
 * (raw note bytes), then the third probe: a bad note must not hide the others.
 */
function withBadNote(bad: Uint8Array, o: SampleOptions = {}): BuiltElf {
  const cls = o.class ?? 64;
  const le = o.littleEndian ?? true;
  const third = SAMPLE_PROBES[2]!;
  const after = note("stapsdt", 3, stapsdtDesc(cls === 64, le, { location: third.location, base: 0x402000n, provider: third.provider, name: third.name, args: third.args ?? "" }), le);
  return sampleElf({ ...o, probes: SAMPLE_PROBES.slice(0, 1), extraNotes: [bad, after] });
}

/** A note header with the given sizes and no body (for framing errors). */
function noteHeader(namesz: number, descsz: number, type: number, le: boolean): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, namesz >>> 0, le);
  v.setUint32(4, descsz >>> 0, le);
  v.setUint32(8, type >>> 0, le);
  return b;
}

/** Extra SHT_NOTE section headers naming the bytes of `.note.stapsdt`. */
function overlapping(copies: number, probes: number): Uint8Array {
  const notes = concat(...Array.from({ length: probes }, (_, i) =>
    note("stapsdt", 3, stapsdtDesc(true, true, { location: 0x401000n + BigInt(i), base: 0x402000n, provider: "dup", name: `p${i}` }), true)));
  const secs = (at?: number) => [
    { name: ".text", type: 1, flags: 6n, addr: 0x401000n, data: new Uint8Array(0x100).fill(0x90), addralign: 16n },
    { name: ".stapsdt.base", type: 1, flags: 2n, addr: 0x402000n, data: new Uint8Array(1), addralign: 1n },
    { name: ".note.stapsdt", type: 7, data: notes, addralign: 4n },
    ...Array.from({ length: copies }, (_, i) => ({
      name: `.note.copy${i}`, type: 7, addralign: 4n,
      ...(at === undefined ? {} : { offset: BigInt(at), size: BigInt(notes.length) }),
    })),
  ];
  const segments = [{ type: 1, flags: 5, sections: [".text"], vaddr: 0x401000n }];
  const first = buildElf({ class: 64, littleEndian: true, sections: secs(), segments });
  return buildElf({ class: 64, littleEndian: true, sections: secs(first.sectionOffset.get(".note.stapsdt")!), segments }).bytes;
}

/** Every malformed fixture, by file name. */
export const MALFORMED: Readonly<Record<string, () => Uint8Array>> = {
  // --- Not ELF, or cut short before the headers make sense.
  "empty": () => new Uint8Array(0),
  "non-elf": () => bytes("#!/bin/sh\necho 'not an ELF file'\n"),
  "truncated-ident": () => sampleElf().bytes.slice(0, 10),
  "truncated-header": () => sampleElf().bytes.slice(0, 40),
  "bad-class": () => { const b = sampleElf().bytes.slice(); b[4] = 3; return b; },
  "bad-data": () => { const b = sampleElf().bytes.slice(); b[5] = 0; return b; },

  // --- Section header table.
  "truncated-section-table": () => { const s = sampleElf(); return s.bytes.slice(0, s.shoff + 2 * 64 + 20); },
  "wrong-shentsize": () => { const p = new Patch(sampleElf()); return p.u16(p.L.e.shentsize, 0x20).b; },
  "shoff-past-eof": () => { const p = new Patch(sampleElf()); return p.word(p.L.e.shoff, 0xffffff00n).b; },
  "shoff-huge": () => { const p = new Patch(sampleElf()); return p.word(p.L.e.shoff, 2n ** 64n - 0x40n).b; },
  "shstrndx-out-of-range": () => { const p = new Patch(sampleElf()); return p.u16(p.L.e.shstrndx, 0xfeff).b; },
  "shstrtab-without-nul": () => {
    const p = new Patch(sampleElf());
    const at = p.built.sectionOffset.get(".shstrtab")!;
    const end = p.shdr("");
    for (let i = at; i < end; i++) if (p.b[i] === 0) p.b[i] = 0x2e;
    return p.b;
  },
  "extended-numbering-lies": () => {
    // e_shnum = 0: the count is in section 0's sh_size, which claims 0x10000 sections.
    const p = new Patch(sampleElf());
    return p.u16(p.L.e.shnum, 0).word(p.shdr("") + p.L.sh.size_, 0x10000n).b;
  },
  "extended-shstrndx-lies": () => {
    // e_shstrndx = SHN_XINDEX: the index is in section 0's sh_link, which is out of range.
    const p = new Patch(sampleElf());
    return p.u16(p.L.e.shstrndx, 0xffff).u32(p.shdr("") + p.L.sh.link, 0x7fffffff).b;
  },
  "extended-count-over-32-bits": () => {
    // e_shnum = 0 and section 0's sh_size = 2^32 + the count: readelf keeps the low 32 bits.
    const p = new Patch(sampleElf());
    return p.word(p.shdr("") + p.L.sh.size_, 2n ** 32n + BigInt(p.getU16(p.L.e.shnum))).u16(p.L.e.shnum, 0).b;
  },
  "phnum-xnum-lies": () => {
    // e_phnum = PN_XNUM: the count is in section 0's sh_info, which claims 2^32-1 headers.
    const p = new Patch(sampleElf());
    return p.u16(p.L.e.phnum, 0xffff).u32(p.shdr("") + p.L.sh.info, 0xffffffff).b;
  },

  // --- Sections and segments pointing outside the file, or at each other.
  "section-offset-past-eof": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.offset, BigInt(p.b.length + 0x1000)).b; },
  "section-size-past-eof": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.size_, 0x10000n).b; },
  "section-offset-huge": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.offset, 2n ** 64n - 1n).b; },
  "overlapping-sections": () => overlapping(1, 3),
  "overlapping-sections-many": () => overlapping(8, 12),
  "segment-past-eof": () => { const p = new Patch(sampleElf()); return p.word(p.phdr(0) + p.L.ph.offset, 0xffff0000n).b; },
  "note-segment-past-eof": () => {
    const built = buildElf({
      class: 64, littleEndian: true, noSectionHeaders: true,
      sections: [{ name: ".n", type: 7, data: note("GNU", 3, new Uint8Array(20).fill(0xab), true), addralign: 4n }],
      segments: [{ type: 4, flags: 4, sections: [".n"], align: 4n }],
    });
    return new Patch(built).word(built.phoff + LAYOUT[64].ph.filesz, 0x100000n).b;
  },
  "wrong-phentsize": () => { const p = new Patch(sampleElf()); return p.u16(p.L.e.phentsize, 0x10).b; },

  // --- Note framing.
  "huge-namesz": () => withBadNote(noteHeader(0xffffffff, 0, 3, true)).bytes,
  "huge-descsz": () => withBadNote(concat(noteHeader(8, 0xfffffff0, 3, true), bytes("stapsdt\0"))).bytes,
  "note-align-16": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.addralign, 16n).b; },
  "note-align-8": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.addralign, 8n).b; },
  "note-short-remainder": () => sampleElf({ extraNotes: [new Uint8Array(5)] }).bytes,
  "note-section-empty": () => { const p = new Patch(sampleElf()); return p.word(p.shdr(".note.stapsdt") + p.L.sh.size_, 0n).b; },

  // --- stapsdt descriptors.
  "stapsdt-desc-too-small": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, "").subarray(0, 16), true)).bytes,
  "stapsdt-no-strings": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, ""), true)).bytes,
  "stapsdt-unterminated-provider": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, "prov"), true)).bytes,
  "stapsdt-unterminated-name": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, "prov\0name"), true)).bytes,
  "stapsdt-unterminated-args": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, "prov\0name\0-4@%eax"), true)).bytes,
  "stapsdt-trailing-bytes": () => withBadNote(note("stapsdt", 3, rawDesc(64, true, "prov\0name\0-4@%eax\0xyz"), true)).bytes,
  "stapsdt-type-1": () => withBadNote(note("stapsdt", 1, rawDesc(64, true, "prov\0typeone\0\0"), true)).bytes,
  "elf32be-stapsdt-desc-too-small": () =>
    withBadNote(note("stapsdt", 3, rawDesc(32, false, "").subarray(0, 8), false), { class: 32, littleEndian: false, machine: 20 }).bytes,
  "elf32be-stapsdt-unterminated-args": () =>
    withBadNote(note("stapsdt", 3, rawDesc(32, false, "prov\0name\0-4@4(%r1)"), false), { class: 32, littleEndian: false, machine: 20 }).bytes,
  "elf32be-huge-descsz": () =>
    withBadNote(concat(noteHeader(8, 0xfffffff0, 3, false), bytes("stapsdt\0")), { class: 32, littleEndian: false, machine: 20 }).bytes,

  // --- The dynamic section readelf reads before the notes (src/format/readelf/readelf-dynamic.ts).
  "dynamic-segment-past-eof": () => {
    // PT_DYNAMIC past the end of the file, and no section called .dynamic (it is ".dxnamic").
    const p = new Patch(sampleElf({ dynamic: true }));
    p.b[p.built.sectionOffset.get(".shstrtab")! + p.getU32(p.shdr(".dynamic") + p.L.sh.name) + 2] = 0x78;
    return p.word(p.phdr(4) + p.L.ph.offset, 0x100000n).b;
  },
  "elf32be-dynamic-section-empty": () => {
    // .dynamic with sh_size 0 counts as none: PT_DYNAMIC's range is read as it is (past the end).
    const p = new Patch(sampleElf({ class: 32, littleEndian: false, machine: 20, dynamic: true }), 32, false);
    return p.word(p.shdr(".dynamic") + p.L.sh.size_, 0n).word(p.phdr(4) + p.L.ph.offset, 0x10000n).b;
  },
  "dynamic-syminfo-past-eof": () => {
    // DT_SYMINSZ 0x100 bytes at DT_SYMINFO 0x900000, an address in no PT_LOAD: read at that offset.
    const built = sampleElf({ dynamic: true });
    const p = new Patch(built);
    p.b.set(dynamicEntries(true, true, [[BigInt(DT.DT_SYMINSZ), 0x100n], [BigInt(DT.DT_SYMINFO), 0x900000n]]), built.sectionOffset.get(".dynamic")!);
    return p.b;
  },

  // --- Corrupt section tables: files of the generator that test/notes/readelf-section-tables.test.ts
  // compares with readelf, one per outcome, from fixed seeds (names: table-<shape>-<base>).
  ...generated([
    ["shstrndx-reserved", "elf32le", 1], ["shstrndx-not-strtab", "elf64be", 1], ["xindex-link-undef", "elf64le", 1],
    ["xindex-link-not-strtab", "elf32be", 1], ["xindex-strtab-nobits", "elf64le-dynamic", 1], ["name-past-strtab", "elf32le", 1],
    ["name-at-strtab-end", "elf64be", 1], ["strtab-odd-bytes", "elf64le", 1], ["strtab-across-eof", "elf32be", 1],
    ["strtab-size-short", "elf64le", 1], ["shentsize-larger", "elf64le-dynamic", 1],
    ["extended-count-and-index", "elf32le", 11], ["phnum-xnum", "elf64le-dynamic", 1], ["shoff-shifted", "elf64le-dynamic", 1],
    ["dynamic-section-nobits", "elf32le-dynamic", 1], ["dynamic-segment-size", "elf64be-dynamic", 1],
  ]),

  // --- Corrupt program header tables: files of the generator that
  // test/notes/readelf-program-headers.test.ts compares with readelf, from
  // fixed seeds (names: phdr-<shapes>-<base>).
  ...programHeaderFiles([
    ["phoff-zero+no-sections", "elf64le-dynamic", 1], ["phoff-past", "elf32be", 1], ["phnum-zero", "elf32le", 1],
    ["phnum-large+no-sections", "elf64be", 2], ["phentsize", "elf64le", 3], ["phentsize+no-sections", "elf32le-dynamic", 4],
    ["load-filesz", "elf32le", 5], ["phdr", "elf64be", 1], ["phdr", "elf64le", 2], ["interp", "elf64le-dynamic", 1],
    ["note+no-sections", "elf32be-dynamic", 5],
  ]),
};

function programHeaderFiles(list: readonly (readonly [shapes: string, base: string, seed: number])[]): Record<string, () => Uint8Array> {
  return Object.fromEntries(list.map(([shapes, base, seed]) =>
    [`phdr-${shapes}-${base}`, () => corruptProgramHeaders(baseNamed(base), shapes.split("+").map(programHeaderShape), new Draw(rng(seed)))]));
}

function generated(list: readonly (readonly [shape: string, base: string, seed: number])[]): Record<string, () => Uint8Array> {
  return Object.fromEntries(list.map(([shape, base, seed]) =>
    [`table-${shape}-${base}`, () => corrupt(baseNamed(base), shapeNamed(shape), new Draw(rng(seed)))]));
}
