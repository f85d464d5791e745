/**
 * Section headers (`Elf32_Shdr` / `Elf64_Shdr`) and extended section numbering.
 *
 * Extended numbering (gABI "Sections", used when a file has 0xff00 or more
 * sections): `e_shnum == 0` with a non-zero `e_shoff` means the count is in
 * section 0's `sh_size`; `e_shstrndx == SHN_XINDEX` means the index of the
 * section-name table is in section 0's `sh_link`.
 *
 * Where the gABI leaves a hostile table open, the table is read as GNU
 * readelf 2.40 reads it (so `-n` names sections as it does):
 * - headers follow each other at the class's header size (64 or 40 bytes);
 *   a larger `e_shentsize` only widens the range that must lie in the file
 *   (readelf reads `e_shnum × e_shentsize` bytes, then an array of headers);
 * - the extended count keeps the low 32 bits of section 0's `sh_size`
 *   (readelf's `e_shnum` is 32 bits wide);
 * - the section-name table is the bytes its header names, whatever its
 *   `sh_type` (an SHT_NOBITS one too).
 */
import { SHN } from "./constants.js";
import { ElfError, hex } from "./errors.js";
import { layoutOf, type FileHeader } from "./header.js";
import { Reader } from "./reader.js";
import { readRange, readTable, toOffset, type ByteSource } from "./source.js";
import { StringTable } from "./strings.js";

/** One section header, class-independent. */
export interface SectionHeader {
  /** Index in the section header table. */
  readonly index: number;
  /** Resolved name from `.shstrtab` ("" when it cannot be resolved). */
  readonly name: string;
  /** `sh_name`: offset of the name in the section-name string table. */
  readonly nameOffset: number;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: bigint;
  readonly size: bigint;
  readonly link: number;
  readonly info: number;
  readonly addralign: bigint;
  readonly entsize: bigint;
  /** File offset of this header itself (for diagnostics). */
  readonly headerOffset: number;
}

/** Result of reading the section header table. */
export interface SectionTable {
  readonly sections: readonly SectionHeader[];
  /** The index of the section-name table after extended numbering, or 0. */
  readonly shstrndx: number;
  /** Problems that did not stop the read (e.g. an unresolvable name). */
  readonly warnings: readonly ElfError[];
  /**
   * The bytes of the section-name string table (`e_shstrndx`), or `null` when
   * the file has none that can be read (index 0 or out of range, outside the
   * file).
   */
  readonly nameTable: Uint8Array | null;
}

function decodeSection(r: Reader, at: number, index: number, base: number, header: FileHeader, name = ""): SectionHeader {
  const L = layoutOf(header).section;
  return {
    index,
    name,
    nameOffset: r.u32(at + L.name),
    type: r.u32(at + L.type),
    flags: r.word(at + L.flags),
    addr: r.word(at + L.addr),
    offset: r.word(at + L.offset),
    size: r.word(at + L.size_),
    link: r.u32(at + L.link),
    info: r.u32(at + L.info),
    addralign: r.word(at + L.addralign),
    entsize: r.word(at + L.entsize),
    headerOffset: base + at,
  };
}

/**
 * Section 0 on its own: the header that carries the extended counts (`sh_size`
 * for `e_shnum`, `sh_link` for `e_shstrndx`, `sh_info` for `e_phnum`). `null`
 * when there is no section header table (`e_shoff` 0), `e_shentsize` is too
 * small, or the first `e_shentsize` bytes of the table are not in the file.
 * readelf reads it so, before and apart from the whole table: the program
 * header count of `PN_XNUM` comes from it even when the table is unreadable.
 */
export function readSectionZero(source: ByteSource, header: FileHeader): Omit<SectionHeader, "name"> | null {
  const L = layoutOf(header).section;
  const size = BigInt(source.size);
  if (header.shoff === 0n || header.shentsize < L.size) return null;
  if (header.shoff > size || BigInt(header.shentsize) > size - header.shoff) return null;
  const shoff = Number(header.shoff);
  return decodeSection(new Reader(source.read(shoff, L.size), header.littleEndian, header.class === 64), 0, 0, shoff, header);
}

/**
 * Reads the section header table and resolves section names.
 *
 * A file with `e_shoff == 0` has no sections (empty table). Names that cannot be
 * resolved become `""` with a warning rather than an error, so the sections
 * themselves stay usable.
 *
 * @throws {ElfError} `BAD_HEADER` when `e_shentsize` is smaller than the class's
 *   section header, `BAD_SECTION` when the table lies outside the file.
 */
export function readSectionTable(source: ByteSource, header: FileHeader): SectionTable {
  if (header.shoff === 0n) return { sections: [], shstrndx: 0, warnings: [], nameTable: null };
  const L = layoutOf(header).section;
  const entsize = header.shentsize;
  if (entsize < L.size) {
    throw new ElfError("BAD_HEADER", `e_shentsize ${entsize} is smaller than a section header (${L.size})`, 0, entsize);
  }
  const shoff = toOffset(header.shoff, "e_shoff", 0);
  const le = header.littleEndian;
  const is64 = header.class === 64;

  // Section 0 carries the extended counts; read it first when either escape is used.
  let count: number = header.shnum;
  let shstrndx: number = header.shstrndx;
  if (count === 0 || shstrndx === SHN.SHN_XINDEX) {
    const s0 = readSectionZero(source, header);
    if (s0 === null) {
      throw new ElfError("BAD_SECTION", `section header 0 [${hex(shoff)}, +${hex(entsize)}) extends past the end of the file (size ${hex(source.size)})`, shoff, entsize);
    }
    if (count === 0) count = Number(BigInt.asUintN(32, s0.size));
    if (shstrndx === SHN.SHN_XINDEX) shstrndx = s0.link;
  }
  if (count === 0) return { sections: [], shstrndx: 0, warnings: [], nameTable: null };

  // The whole count × e_shentsize must be in the file; the headers are read at L.size apart.
  const r = new Reader(readTable(source, shoff, count, entsize, "section header table", "BAD_SECTION"), le, is64);
  // The section-name table's own header first; then every header, with its name, once.
  const warnings: ElfError[] = [];
  let names: StringTable | null = null;
  if (shstrndx !== SHN.SHN_UNDEF) {
    if (shstrndx >= count) {
      warnings.push(new ElfError("BAD_HEADER", `e_shstrndx ${shstrndx} is out of range (${count} sections)`, 0, shstrndx));
    } else {
      // Read like any other section, SHT_NOBITS included, as readelf reads it.
      const strtab = decodeSection(r, shstrndx * L.size, shstrndx, shoff, header);
      try {
        const off = toOffset(strtab.offset, "sh_offset", strtab.headerOffset);
        const size = toOffset(strtab.size, "sh_size", strtab.headerOffset);
        names = new StringTable(readRange(source, off, size, "section-name table", "BAD_SECTION"));
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
        warnings.push(e);
      }
    }
  }
  const nameAt = L.name;
  let badNames = 0;
  const sections: SectionHeader[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * L.size;
    let name = "";
    if (names) {
      const n = names.get(r.u32(at + nameAt));
      if (n === null) badNames++;
      else name = n;
    }
    sections[i] = decodeSection(r, at, i, shoff, header, name);
  }
  if (badNames > 0) {
    warnings.push(new ElfError("BAD_STRING", `${badNames} section name(s) lie outside the section-name table or are not NUL-terminated in it`, shoff));
  }
  return { sections, shstrndx, warnings, nameTable: names ? names.bytes : null };
}
