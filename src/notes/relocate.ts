/**
 * Relocations of note sections in relocatable objects (ET_REL).
 *
 * In a `.o` file the addresses in `.note.stapsdt` are 0 or section-relative
 * and are completed by `.rela.note.stapsdt` (x86-64: `R_X86_64_64` against
 * `.text`, `_.stapsdt.base` and the semaphore). GNU readelf applies these
 * relocations before printing notes (binutils `apply_relocations`), so
 * `readelf -n foo.o` shows `Location: 0x...c` rather than 0. We do the same,
 * with readelf 2.40's rules:
 *
 * - only ET_REL files, and only the first SHT_REL/SHT_RELA section whose
 *   `sh_info` is the note section, has a size, and an `sh_link` inside the
 *   section table (found through an index built once per file);
 * - that `sh_link` must name a SHT_SYMTAB or SHT_DYNSYM section, and the
 *   relocation records must lie inside the file; otherwise readelf prints
 *   nothing for the note section and fails (we throw, see below);
 * - a symbol table that cannot be read counts as empty (every relocation is
 *   then skipped as having an invalid symbol index);
 * - value = symbol value + addend (RELA: `r_addend`; REL, and SH's RELA: the
 *   bytes in place), minus the place for PC-relative types; relocations of
 *   types readelf does not apply, outside the section, with a symbol index
 *   past the table or against symbols of a type above STT_SECTION (except
 *   STT_COMMON) are skipped with a warning.
 *
 * Which types each machine applies, and how `r_info` is split, is in
 * `reloc-types.ts`.
 */
import { ET, SHT } from "../elf/constants.js";
import { ElfError } from "../elf/errors.js";
import type { ElfFile } from "../elf/file.js";
import { Reader } from "../elf/reader.js";
import type { SectionHeader } from "../elf/sections.js";
import { machineRelocs, splitRelocInfo, symbolTypeName, type RelocKind } from "./reloc-types.js";

const STT_SECTION = 3;
const STT_COMMON = 5;
const MAX_U64 = 0xffffffffffffffffn;

/**
 * Returns the bytes of note section `section` with its relocations applied
 * (a copy), or `data` itself when there is nothing to apply. Problems with
 * single relocations and with the symbol table are passed to `warn` (readelf's
 * wording) and the relocation is skipped.
 *
 * @throws {ElfError} `BAD_SECTION` when the relocation section cannot be used:
 *   its `sh_link` is not a symbol table, or its records lie outside the file
 *   (readelf then prints nothing for the note section and exits 1).
 */
export function relocateSection(file: ElfFile, section: SectionHeader, data: Uint8Array, warn: (text: string) => void): Uint8Array {
  if (file.header.type !== ET.ET_REL) return data;
  const rel = relocationIndex(file).relocations.get(section.index);
  if (rel === undefined) return data;
  const symtab = file.sections[rel.link]!;
  if (symtab.type !== SHT.SHT_SYMTAB && symtab.type !== SHT.SHT_DYNSYM) {
    // readelf says nothing here; it only leaves the note section out.
    throw new ElfError("BAD_SECTION", `the relocations of ${section.name}, section ${rel.index} (${rel.name}), ` +
      `link to section ${rel.link}, not a symbol table`, rel.headerOffset, rel.link);
  }
  const records = relocationRecords(file, section, rel);
  const symbols = symbolTable(file, symtab, warn);
  return apply(file, section, rel, records, symbols, data.slice(), warn);
}

/** Which sections relocate which, and the SHT_SYMTAB_SHNDX sections of each symbol table, by section index. */
interface RelocationIndex {
  /** The relocation section readelf applies to a section: the first SHT_REL/SHT_RELA with that `sh_info`, a size and an `sh_link` in the table. */
  readonly relocations: ReadonlyMap<number, SectionHeader>;
  readonly indexSections: ReadonlyMap<number, readonly SectionHeader[]>;
}

// Built once per file: readelf scans the section table for every note section,
// which for a hostile file of many note and relocation sections is quadratic.
const INDEXES = new WeakMap<ElfFile, RelocationIndex>();

function relocationIndex(file: ElfFile): RelocationIndex {
  let index = INDEXES.get(file);
  if (index !== undefined) return index;
  const relocations = new Map<number, SectionHeader>();
  const indexSections = new Map<number, SectionHeader[]>();
  const sections = file.sections;
  for (const s of sections) {
    if (s.type === SHT.SHT_RELA || s.type === SHT.SHT_REL) {
      if (s.size !== 0n && s.link < sections.length && !relocations.has(s.info)) relocations.set(s.info, s);
    } else if (s.type === SHT.SHT_SYMTAB_SHNDX) {
      const list = indexSections.get(s.link);
      if (list) list.push(s);
      else indexSections.set(s.link, [s]);
    }
  }
  index = { relocations, indexSections };
  INDEXES.set(file, index);
  return index;
}

/** The bytes of relocation section `rel`, or the error readelf gives when it cannot read them (`get_data`). */
function relocationRecords(file: ElfFile, section: SectionHeader, rel: SectionHeader): Uint8Array {
  const what = `${file.is64 ? 64 : 32}-bit relocation data`;
  const size = BigInt(file.source.size);
  let reason: string | null = null;
  if (rel.size === MAX_U64) reason = `Size overflow prevents reading ${rel.size} elements of size 1 for ${what}`;
  else if (rel.offset > size || rel.size > size - rel.offset) reason = `Reading ${rel.size} bytes extends past end of file for ${what}`;
  if (reason !== null) {
    throw new ElfError("BAD_SECTION", `${reason}: section ${rel.index} (${rel.name}), the relocations of ${section.name},`,
      rel.headerOffset, rel.size);
  }
  return file.sectionData(rel);
}

/** The symbol table's bytes and entry count; empty, with readelf's message, when it cannot be read (`get_elf_symbols`). */
function symbolTable(file: ElfFile, symtab: SectionHeader, warn: (text: string) => void): { reader: Reader | null; count: number } {
  const empty = { reader: null, count: 0 };
  if (symtab.size === 0n) return empty;
  const symsize = file.is64 ? 24 : 16;
  const fileSize = BigInt(file.source.size);
  if (symtab.size < BigInt(symsize)) {
    warn(`Section ${symtab.name} has an invalid sh_entsize of 0x${symsize.toString(16)}`);
    return empty;
  }
  if (symtab.size > fileSize) {
    warn(`Section ${symtab.name} has an invalid sh_size of 0x${symtab.size.toString(16)}`);
    return empty;
  }
  if (symtab.offset > fileSize || symtab.size > fileSize - symtab.offset) {
    warn(`Reading ${symtab.size} bytes extends past end of file for symbols`);
    return empty;
  }
  const count = Number(symtab.size / BigInt(symsize));
  // readelf also reads the SHT_SYMTAB_SHNDX sections of the table, and gives up on the table when it cannot.
  for (const x of relocationIndex(file).indexSections.get(symtab.index) ?? []) {
    if (x.size === 0n) return empty; // nothing to read: readelf gives up without a word
    if (x.offset > fileSize || x.size > fileSize - x.offset) {
      warn(`Reading ${x.size} bytes extends past end of file for symbol table section indices`);
      return empty;
    }
    if (x.size / 4n < BigInt(count)) {
      warn(`Index section ${x.name} has an sh_size of 0x${x.size.toString(16)} - expected 0x${symtab.size.toString(16)}`);
      return empty;
    }
  }
  return { reader: new Reader(file.sectionData(symtab), file.littleEndian, file.is64), count };
}

function apply(
  file: ElfFile,
  section: SectionHeader,
  rel: SectionHeader,
  records: Uint8Array,
  symbols: { reader: Reader | null; count: number },
  out: Uint8Array,
  warn: (text: string) => void,
): Uint8Array {
  const { is64, littleEndian: le } = file;
  const machine = file.header.machine;
  const table = machineRelocs(machine);
  const W = is64 ? 8 : 4;
  const isRela = rel.type === SHT.SHT_RELA;
  const entsize = W * (isRela ? 3 : 2);
  const addendInPlace = !isRela || table?.addendInPlace === true;
  const rr = new Reader(records, le, is64);
  const w = new Reader(out, le, is64);
  const sr = symbols.reader;
  // readelf warns about an unsupported type only when it differs from the last
  // one it warned about (it starts from 0), and about an unknown machine once.
  let lastUnsupported = 0;
  let warnedMachine = false;
  for (let at = 0, i = 0; at + entsize <= records.length; at += entsize, i++) {
    const offset = rr.word(at);
    const { sym, type } = splitRelocInfo(rr.word(at + W), machine, is64, le);
    if (table === undefined && !warnedMachine) {
      warn(`Missing knowledge of 32-bit reloc types used in DWARF sections of machine number ${machine}`);
      warnedMachine = true;
    }
    if (table?.none.includes(type)) continue;
    const kind = table?.kinds.get(type);
    if (kind === undefined) {
      if (type !== lastUnsupported) warn(`unable to apply unsupported reloc type ${type} to section ${section.name}`);
      lastUnsupported = type;
      continue;
    }
    const { size, op } = kind;
    if (out.length < size || offset > BigInt(out.length - size)) {
      warn(`skipping invalid relocation offset 0x${offset.toString(16)} in section ${section.name}`);
      continue;
    }
    if (sym >= symbols.count || sr === null) {
      warn(`skipping invalid relocation symbol index 0x${sym.toString(16)} in section ${section.name}`);
      continue;
    }
    const symAt = sym * (is64 ? 24 : 16);
    const stType = sr.u8(symAt + (is64 ? 4 : 12)) & 0xf;
    if (sym !== 0 && stType !== STT_COMMON && stType > STT_SECTION) {
      warn(`skipping unexpected symbol type ${symbolTypeName(stType, machine, file.header.osabi)} in section ${rel.name} relocation ${i}`);
      continue;
    }
    const value = is64 ? sr.u64(symAt + 8) : BigInt(sr.u32(symAt + 4));
    const place = Number(offset);
    // r_addend is signed (Elf32_Sword, Elf64_Sxword); readelf computes in 64 bits.
    let addend = isRela && !addendInPlace ? (is64 ? BigInt.asIntN(64, rr.u64(at + 2 * W)) : BigInt(rr.view.getInt32(at + 2 * W, le))) : 0n;
    const bytes = readUnsigned(w, place, size);
    if (addendInPlace || op === "add" || op === "sub" || op === "sub6") addend += op === "sub6" ? bytes & 0x3fn : bytes;
    writeUnsigned(w, place, size, result(kind, addend, value, offset, bytes, table!.pcrelBias ?? 0n));
  }
  return out;
}

/** The value a relocation of `kind` writes (before truncation to its size). */
function result(kind: RelocKind, addend: bigint, value: bigint, place: bigint, bytes: bigint, pcrelBias: bigint): bigint {
  switch (kind.op) {
    case "pcrel":
      return addend + pcrelBias + value - place;
    case "set6":
      return ((addend + value) & 0x3fn) | (bytes & 0xc0n);
    case "sub6":
      return ((addend - value) & 0x3fn) | (bytes & 0xc0n);
    case "sub":
      return addend - value;
    case "abs":
    case "add":
      return addend + value;
  }
}

function readUnsigned(r: Reader, at: number, size: 1 | 2 | 4 | 8): bigint {
  switch (size) {
    case 1:
      return BigInt(r.u8(at));
    case 2:
      return BigInt(r.u16(at));
    case 4:
      return BigInt(r.u32(at));
    case 8:
      return r.u64(at);
  }
}

function writeUnsigned(r: Reader, at: number, size: 1 | 2 | 4 | 8, value: bigint): void {
  const v = BigInt.asUintN(size * 8, value);
  switch (size) {
    case 1:
      r.view.setUint8(at, Number(v));
      return;
    case 2:
      r.view.setUint16(at, Number(v), r.le);
      return;
    case 4:
      r.view.setUint32(at, Number(v), r.le);
      return;
    case 8:
      r.view.setBigUint64(at, v, r.le);
  }
}
