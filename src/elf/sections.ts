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
import type { SectionLayout } from "./layout.js";
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

/**
 * The section header table as read: counts and names checked, each header
 * decoded when first asked for. A scan of thousands of files wants two or
 * three headers of each (its SHT_NOTE sections, `.stapsdt.base`), so the
 * rest stay bytes: a decoded header is an object with six `bigint` fields,
 * and decoding every header of every file was most of what a scan allocated.
 */
export class SectionTable {
  /** The number of section headers (after extended numbering). */
  readonly count: number;
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
  /** The table's bytes, read with the file's byte order and class; the loops below use its view directly. */
  readonly #r: Reader | null;
  readonly #at: number;
  /** The class's section header layout. */
  readonly #L: SectionLayout;
  readonly #names: StringTable | null;
  readonly #nameLength: number;
  /** Names resolved up front (a table with non-ASCII bytes), or null: resolved on demand. */
  readonly #resolved: string[] | null;
  #decoded: (SectionHeader | undefined)[] | undefined;
  #all: readonly SectionHeader[] | undefined;

  /** @internal Made by {@link readSectionTable}. */
  constructor(header: FileHeader, r: Reader | null, at: number, count: number, shstrndx: number,
    names: StringTable | null, warnings: ElfError[]) {
    const L = layoutOf(header).section;
    this.#L = L;
    this.#r = r;
    this.#at = at;
    this.count = count;
    this.shstrndx = shstrndx;
    this.#names = names;
    this.nameTable = names ? names.bytes : null;
    this.#nameLength = names ? names.bytes.byteLength : 0;
    // Every name is checked now, so that the warning does not depend on
    // which names are asked for later. An all-ASCII table (every real one)
    // answers each name the same whenever it is asked; one with other bytes
    // has a budget for decoding them (see StringTable), which is spent in
    // index order, here, as it always was.
    let badNames = 0;
    let resolved: string[] | null = null;
    if (names && r) {
      const { view: v, le } = r;
      const { name: nameAt, size } = L;
      if (names.ascii) {
        for (let i = 0; i < count; i++) if (!names.has(v.getUint32(i * size + nameAt, le))) badNames++;
      } else {
        resolved = new Array<string>(count);
        for (let i = 0; i < count; i++) {
          const n = names.get(v.getUint32(i * size + nameAt, le));
          if (n === null) badNames++;
          resolved[i] = n ?? "";
        }
      }
    }
    this.#resolved = resolved;
    if (badNames > 0) {
      warnings.push(new ElfError("BAD_STRING", `${badNames} section name(s) lie outside the section-name table or are not NUL-terminated in it`, at));
    }
    this.warnings = warnings;
  }

  /**
   * The table's reader, whose bytes must still be there. Headers are
   * decoded from the bytes read when the table was, later: over memory those
   * are a view of the caller's buffer, which may since have been detached
   * (transferred to a worker). That is an ElfError, as a read of the source
   * would give, never a TypeError from a DataView.
   */
  #reader(): Reader {
    if (this.#r!.bytes.byteLength === 0 || (this.#names !== null && this.#names.bytes.byteLength !== this.#nameLength)) {
      throw new ElfError("BAD_INPUT", "the buffer's memory is gone (detached after the section headers were read)", this.#at);
    }
    return this.#r!;
  }

  /** The resolved name of section `index` ("" when it cannot be resolved). */
  name(index: number): string {
    if (this.#resolved) return this.#resolved[index]!;
    if (!this.#names || !this.#r) return "";
    return this.#names.get(this.#reader().u32(index * this.#L.size + this.#L.name)) ?? "";
  }

  /**
   * The index of the first section called `name`, or -1: what a loop over
   * `name(i)` finds, without making a string of every name on the way.
   */
  indexOf(name: string): number {
    const names = this.#names;
    if (this.#resolved || names === null || this.#r === null || name === "") {
      for (let i = 0; i < this.count; i++) if (this.name(i) === name) return i;
      return -1;
    }
    const { view: v, le } = this.#reader();
    const { size, name: nameAt } = this.#L;
    for (let i = 0; i < this.count; i++) if (names.is(v.getUint32(i * size + nameAt, le), name)) return i;
    return -1;
  }

  /** The indexes of the sections whose `sh_type` is `type`, in table order. */
  ofType(type: number): number[] {
    const out: number[] = [];
    if (this.count === 0) return out;
    const { view: v, le } = this.#reader();
    const { size, type: typeAt } = this.#L;
    for (let i = 0; i < this.count; i++) if (v.getUint32(i * size + typeAt, le) === type) out.push(i);
    return out;
  }

  /**
   * An address-sized field of section header `index` (`sh_offset`,
   * `sh_size`, `sh_addralign`), read without decoding the header: a note
   * container needs three of its fields, and a scan meets thousands.
   */
  word(index: number, field: "offset" | "size_" | "addralign"): bigint {
    return this.#reader().word(index * this.#L.size + this.#L[field]);
  }

  /** Section header `index` (0 <= index < count), decoded on first use. */
  section(index: number): SectionHeader {
    const decoded = (this.#decoded ??= new Array<SectionHeader | undefined>(this.count));
    return (decoded[index] ??= decodeSection(this.#reader(), this.#L, index * this.#L.size, index, this.#at, this.name(index)));
  }

  /** Every section header, in table order. */
  get sections(): readonly SectionHeader[] {
    if (this.#all === undefined) {
      const all = new Array<SectionHeader>(this.count);
      for (let i = 0; i < this.count; i++) all[i] = this.section(i);
      this.#all = all;
    }
    return this.#all;
  }
}

/** The header at `at` of a table's reader (`base`: the table's file offset). */
function decodeSection(r: Reader, L: SectionLayout, at: number, index: number, base: number, name = ""): SectionHeader {
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
  return decodeSection(new Reader(source.read(shoff, L.size), header.littleEndian, header.class === 64), L, 0, 0, shoff);
}

/**
 * Reads the section header table and the section-name table, and checks
 * every name (see {@link SectionTable}).
 *
 * A file with `e_shoff == 0` has no sections (empty table). Names that cannot be
 * resolved become `""` with a warning rather than an error, so the sections
 * themselves stay usable.
 *
 * @throws {ElfError} `BAD_HEADER` when `e_shentsize` is smaller than the class's
 *   section header, `BAD_SECTION` when the table lies outside the file.
 */
export function readSectionTable(source: ByteSource, header: FileHeader): SectionTable {
  if (header.shoff === 0n) return new SectionTable(header, null, 0, 0, 0, null, []);
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
  if (count === 0) return new SectionTable(header, null, 0, 0, 0, null, []);

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
      const strtab = decodeSection(r, L, shstrndx * L.size, shstrndx, shoff);
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
  return new SectionTable(header, r, shoff, count, shstrndx, names, warnings);
}
