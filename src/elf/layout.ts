/**
 * ELF32 and ELF64 structure layouts, as data.
 *
 * The two classes differ only in field offsets and in the width of
 * address-sized fields (`Elf32_Addr`/`Elf32_Off`/`Elf32_Word` flags vs their
 * 64-bit counterparts), so one decoder reads both through these descriptors
 * rather than being written twice. `word` fields are read with `Reader.word`;
 * the others have the fixed width given in their comment.
 */

export interface HeaderLayout {
  readonly size: number;
  readonly type: number; // u16
  readonly machine: number; // u16
  readonly version: number; // u32
  readonly entry: number; // word
  readonly phoff: number; // word
  readonly shoff: number; // word
  readonly flags: number; // u32
  readonly ehsize: number; // u16
  readonly phentsize: number; // u16
  readonly phnum: number; // u16
  readonly shentsize: number; // u16
  readonly shnum: number; // u16
  readonly shstrndx: number; // u16
}

export interface SectionLayout {
  readonly size: number;
  readonly name: number; // u32
  readonly type: number; // u32
  readonly flags: number; // word
  readonly addr: number; // word
  readonly offset: number; // word
  readonly size_: number; // word (sh_size)
  readonly link: number; // u32
  readonly info: number; // u32
  readonly addralign: number; // word
  readonly entsize: number; // word
}

export interface SegmentLayout {
  readonly size: number;
  readonly type: number; // u32
  readonly flags: number; // u32
  readonly offset: number; // word
  readonly vaddr: number; // word
  readonly paddr: number; // word
  readonly filesz: number; // word
  readonly memsz: number; // word
  readonly align: number; // word
}

/** `Elf32_Sym` / `Elf64_Sym`: the same fields, reordered in ELF64 for alignment. */
export interface SymbolLayout {
  readonly size: number;
  readonly name: number; // u32
  readonly value: number; // word
  readonly size_: number; // word (st_size)
  readonly info: number; // u8
  readonly other: number; // u8
  readonly shndx: number; // u16
}

export interface ClassLayout {
  readonly header: HeaderLayout;
  readonly section: SectionLayout;
  readonly segment: SegmentLayout;
  readonly symbol: SymbolLayout;
}

/** Elf32_Ehdr, Elf32_Shdr, Elf32_Phdr. */
export const ELF32: ClassLayout = {
  header: {
    size: 52, type: 16, machine: 18, version: 20, entry: 24, phoff: 28, shoff: 32, flags: 36,
    ehsize: 40, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50,
  },
  section: {
    size: 40, name: 0, type: 4, flags: 8, addr: 12, offset: 16, size_: 20, link: 24, info: 28,
    addralign: 32, entsize: 36,
  },
  // In ELF32 p_flags comes after p_memsz; in ELF64 it moved up for alignment.
  segment: { size: 32, type: 0, offset: 4, vaddr: 8, paddr: 12, filesz: 16, memsz: 20, flags: 24, align: 28 },
  // name u32, value u32, size u32, info u8, other u8, shndx u16.
  symbol: { size: 16, name: 0, value: 4, size_: 8, info: 12, other: 13, shndx: 14 },
};

/** Elf64_Ehdr, Elf64_Shdr, Elf64_Phdr. */
export const ELF64: ClassLayout = {
  header: {
    size: 64, type: 16, machine: 18, version: 20, entry: 24, phoff: 32, shoff: 40, flags: 48,
    ehsize: 52, phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62,
  },
  section: {
    size: 64, name: 0, type: 4, flags: 8, addr: 16, offset: 24, size_: 32, link: 40, info: 44,
    addralign: 48, entsize: 56,
  },
  segment: { size: 56, type: 0, flags: 4, offset: 8, vaddr: 16, paddr: 24, filesz: 32, memsz: 40, align: 48 },
  // name u32, info u8, other u8, shndx u16, value u64, size u64.
  symbol: { size: 24, name: 0, info: 4, other: 5, shndx: 6, value: 8, size_: 16 },
};
