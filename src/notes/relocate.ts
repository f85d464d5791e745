/**
 * Relocations of note sections in relocatable objects (ET_REL).
 *
 * In a `.o` file the addresses in `.note.stapsdt` are 0 or section-relative
 * and are completed by `.rela.note.stapsdt` (x86-64: `R_X86_64_64` against
 * `.text`, `_.stapsdt.base` and the semaphore). GNU readelf applies these
 * relocations before printing notes (binutils `apply_relocations`), so
 * `readelf -n foo.o` shows `Location: 0x...c` rather than 0. We do the same, with
 * readelf's rules: only ET_REL files; every SHT_REL/SHT_RELA section whose
 * `sh_info` is the note section; value = symbol value + addend (RELA: `r_addend`;
 * REL: the bytes in place); PC-relative types subtract `r_offset`; relocations
 * against symbols of a type above STT_SECTION (except STT_COMMON), with a symbol
 * index past the table, or outside the section are skipped with a warning.
 *
 * Supported relocation types (absolute and PC-relative data relocations, the
 * ones readelf itself supports for these machines): x86-64, i386, AArch64, ARM,
 * PowerPC/PowerPC64, s390/s390x, RISC-V and 32-bit MIPS. Other machines
 * (MIPS64 among them): the section is printed unrelocated, with a warning
 * (readelf supports a few more).
 */
import { EM, SHT } from "../elf/constants.js";
import type { ElfFile } from "../elf/file.js";
import { Reader } from "../elf/reader.js";
import type { SectionHeader } from "../elf/sections.js";

/** Sizes of the relocation kinds we apply, per machine: type -> [size, pcrel]. */
type RelocTable = ReadonlyMap<number, readonly [4 | 8, boolean]>;

const RELOCS: ReadonlyMap<number, { none: readonly number[]; table: RelocTable }> = new Map([
  // R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_32 = 10, R_X86_64_PC64 = 24
  [EM.EM_X86_64, { none: [0], table: new Map([[1, [8, false]], [2, [4, true]], [10, [4, false]], [24, [8, true]]]) }],
  // R_386_32 = 1, R_386_PC32 = 2
  [EM.EM_386, { none: [0], table: new Map([[1, [4, false]], [2, [4, true]]]) }],
  // R_AARCH64_ABS64 = 257, ABS32 = 258, PREL64 = 260, PREL32 = 261
  [EM.EM_AARCH64, { none: [0, 256], table: new Map([[257, [8, false]], [258, [4, false]], [260, [8, true]], [261, [4, true]]]) }],
  // R_ARM_ABS32 = 2, R_ARM_REL32 = 3
  [EM.EM_ARM, { none: [0], table: new Map([[2, [4, false]], [3, [4, true]]]) }],
  // R_PPC_ADDR32 = 1, R_PPC_REL32 = 26
  [EM.EM_PPC, { none: [0], table: new Map([[1, [4, false]], [26, [4, true]]]) }],
  // R_PPC64_ADDR32 = 1, R_PPC64_REL32 = 26, R_PPC64_ADDR64 = 38, R_PPC64_REL64 = 44
  [EM.EM_PPC64, { none: [0], table: new Map([[1, [4, false]], [26, [4, true]], [38, [8, false]], [44, [8, true]]]) }],
  // R_390_32 = 4, R_390_PC32 = 5, R_390_64 = 22, R_390_PC64 = 23
  [EM.EM_S390, { none: [0], table: new Map([[4, [4, false]], [5, [4, true]], [22, [8, false]], [23, [8, true]]]) }],
  // R_MIPS_32 = 2, R_MIPS_REL32 = 3 is not PC-relative; ELF32 only (MIPS64 packs r_info differently)
  [EM.EM_MIPS, { none: [0], table: new Map([[2, [4, false]]]) }],
  // R_RISCV_32 = 1, R_RISCV_64 = 2, R_RISCV_32_PCREL = 57
  [EM.EM_RISCV, { none: [0], table: new Map([[1, [4, false]], [2, [8, false]], [57, [4, true]]]) }],
]);

const STT_SECTION = 3;
const STT_COMMON = 5;

/**
 * Returns the bytes of note section `section` with its relocations applied
 * (a copy), or `data` itself when there is nothing to apply. Problems are passed
 * to `warn` (readelf's wording) and the relocation is skipped. Never throws for
 * malformed relocation or symbol tables.
 */
export function relocateSection(file: ElfFile, section: SectionHeader, data: Uint8Array, warn: (text: string) => void): Uint8Array {
  if (file.header.type !== 1 /* ET_REL */) return data;
  let out: Uint8Array | null = null;
  const sections = file.sections;
  const is64 = file.is64;
  const le = file.littleEndian;
  const machine = file.header.machine === EM.EM_MIPS && is64 ? undefined : RELOCS.get(file.header.machine);
  for (const rel of sections) {
    if (rel.type !== SHT.SHT_RELA && rel.type !== SHT.SHT_REL) continue;
    if (rel.info !== section.index || rel.size === 0n) continue;
    const symsec = sections[rel.link];
    if (!symsec) continue;
    if (!machine) {
      warn(`unable to apply relocations of machine ${file.header.machine} to section ${section.name}`);
      return data;
    }
    let relData: Uint8Array;
    let symData: Uint8Array;
    try {
      relData = file.sectionData(rel);
      symData = file.sectionData(symsec);
    } catch {
      continue;
    }
    const isRela = rel.type === SHT.SHT_RELA;
    const entsize = (is64 ? 8 : 4) * (isRela ? 3 : 2);
    const symsize = is64 ? 24 : 16;
    const nsyms = Math.floor(symData.length / symsize);
    const rr = new Reader(relData, le, is64);
    const sr = new Reader(symData, le, is64);
    out ??= data.slice();
    const w = new Reader(out, le, is64);
    for (let at = 0; at + entsize <= relData.length; at += entsize) {
      const offset = rr.word(at);
      const info = rr.word(at + (is64 ? 8 : 4));
      const type = Number(is64 ? info & 0xffffffffn : info & 0xffn);
      const symIndex = Number(is64 ? info >> 32n : info >> 8n);
      if (machine.none.includes(type)) continue;
      const kind = machine.table.get(type);
      if (!kind) {
        warn(`unable to apply unsupported reloc type ${type} to section ${section.name}`);
        continue;
      }
      const [size, pcrel] = kind;
      if (offset > BigInt(out.length - size)) {
        warn(`skipping invalid relocation offset 0x${offset.toString(16)} in section ${section.name}`);
        continue;
      }
      if (symIndex >= nsyms) {
        warn(`skipping invalid relocation symbol index 0x${symIndex.toString(16)} in section ${section.name}`);
        continue;
      }
      const sym = symIndex * symsize;
      const stInfo = sr.u8(sym + (is64 ? 4 : 12));
      const stType = stInfo & 0xf;
      if (symIndex !== 0 && stType !== STT_COMMON && stType > STT_SECTION) {
        warn(`skipping unexpected symbol type ${stType} in section ${rel.name} relocation ${at / entsize}`);
        continue;
      }
      const value = is64 ? sr.u64(sym + 8) : BigInt(sr.u32(sym + 4));
      const off = Number(offset);
      let addend = isRela ? rr.word(at + 2 * (is64 ? 8 : 4)) : 0n;
      if (!isRela) addend += size === 8 ? w.u64(off) : BigInt(w.u32(off));
      let result = addend + value - (pcrel ? offset : 0n);
      result = BigInt.asUintN(size * 8, result);
      if (size === 8) w.view.setBigUint64(off, result, le);
      else w.view.setUint32(off, Number(result), le);
    }
  }
  return out ?? data;
}
