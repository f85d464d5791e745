/**
 * ELF constants, spelled as in the gABI and `<elf.h>`, with name tables.
 *
 * Each group is an `as const` object so values are literal types; `nameOf`
 * turns a value back into its spec name for display and JSON.
 */

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"

/** `e_ident` indexes. */
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;
export const EI_NIDENT = 16;

export const ELFCLASS = { ELFCLASSNONE: 0, ELFCLASS32: 1, ELFCLASS64: 2 } as const;
export const ELFDATA = { ELFDATANONE: 0, ELFDATA2LSB: 1, ELFDATA2MSB: 2 } as const;

/** `e_type`. */
export const ET = {
  ET_NONE: 0,
  ET_REL: 1,
  ET_EXEC: 2,
  ET_DYN: 3,
  ET_CORE: 4,
} as const;

/** `e_machine`: the architectures Debian ships, and a few more readers meet. */
export const EM = {
  EM_NONE: 0,
  EM_SPARC: 2,
  EM_386: 3,
  EM_68K: 4,
  EM_IAMCU: 6,
  EM_MIPS: 8,
  EM_MIPS_RS3_LE: 10,
  EM_PARISC: 15,
  EM_SPARC32PLUS: 18,
  EM_PPC: 20,
  EM_PPC64: 21,
  EM_S390: 22,
  EM_ARM: 40,
  EM_SH: 42,
  EM_SPARCV9: 43,
  EM_IA_64: 50,
  EM_X86_64: 62,
  EM_AARCH64: 183,
  EM_ALPHA_EXP: 0x9026,
  EM_ALPHA: 41,
  EM_RISCV: 243,
  EM_BPF: 247,
  EM_LOONGARCH: 258,
} as const;

/** `sh_type`. */
export const SHT = {
  SHT_NULL: 0,
  SHT_PROGBITS: 1,
  SHT_SYMTAB: 2,
  SHT_STRTAB: 3,
  SHT_RELA: 4,
  SHT_HASH: 5,
  SHT_DYNAMIC: 6,
  SHT_NOTE: 7,
  SHT_NOBITS: 8,
  SHT_REL: 9,
  SHT_SHLIB: 10,
  SHT_DYNSYM: 11,
  SHT_INIT_ARRAY: 14,
  SHT_FINI_ARRAY: 15,
  SHT_PREINIT_ARRAY: 16,
  SHT_GROUP: 17,
  SHT_SYMTAB_SHNDX: 18,
} as const;

/** `sh_flags` bits. */
export const SHF = {
  SHF_WRITE: 0x1,
  SHF_ALLOC: 0x2,
  SHF_EXECINSTR: 0x4,
  SHF_MERGE: 0x10,
  SHF_STRINGS: 0x20,
  SHF_INFO_LINK: 0x40,
  SHF_LINK_ORDER: 0x80,
  SHF_GROUP: 0x200,
  SHF_TLS: 0x400,
  SHF_COMPRESSED: 0x800,
} as const;

/** Special section indexes. */
export const SHN = {
  SHN_UNDEF: 0,
  SHN_LORESERVE: 0xff00,
  SHN_ABS: 0xfff1,
  SHN_COMMON: 0xfff2,
  SHN_XINDEX: 0xffff,
} as const;

/** Symbol types (`ELF32_ST_TYPE(st_info)`, the low 4 bits). */
export const STT = {
  STT_NOTYPE: 0,
  STT_OBJECT: 1,
  STT_FUNC: 2,
  STT_SECTION: 3,
  STT_FILE: 4,
  STT_COMMON: 5,
  STT_TLS: 6,
  STT_GNU_IFUNC: 10,
} as const;

/** Symbol bindings (`ELF32_ST_BIND(st_info)`, the high 4 bits). */
export const STB = {
  STB_LOCAL: 0,
  STB_GLOBAL: 1,
  STB_WEAK: 2,
  STB_GNU_UNIQUE: 10,
} as const;

/** Symbol visibility (`ELF32_ST_VISIBILITY(st_other)`, the low 2 bits). */
export const STV = {
  STV_DEFAULT: 0,
  STV_INTERNAL: 1,
  STV_HIDDEN: 2,
  STV_PROTECTED: 3,
} as const;

/** `e_phnum` escape: the real count is in section 0's `sh_info`. */
export const PN_XNUM = 0xffff;

/** `p_type`. */
export const PT = {
  PT_NULL: 0,
  PT_LOAD: 1,
  PT_DYNAMIC: 2,
  PT_INTERP: 3,
  PT_NOTE: 4,
  PT_SHLIB: 5,
  PT_PHDR: 6,
  PT_TLS: 7,
  PT_GNU_EH_FRAME: 0x6474e550,
  PT_GNU_STACK: 0x6474e551,
  PT_GNU_RELRO: 0x6474e552,
  PT_GNU_PROPERTY: 0x6474e553,
} as const;

/** `d_tag` values of dynamic section entries used here, spelled as in `<elf.h>`. */
export const DT = {
  DT_NULL: 0,
  DT_NEEDED: 1,
  DT_STRTAB: 5,
  DT_STRSZ: 10,
  DT_SONAME: 14,
  DT_RPATH: 15,
  DT_RUNPATH: 29,
  DT_SYMINSZ: 0x6ffffdfe,
  DT_SYMINENT: 0x6ffffdff,
  DT_SYMINFO: 0x6ffffeff,
  DT_FLAGS_1: 0x6ffffffb,
} as const;

/** `p_flags` bits. */
export const PF = { PF_X: 0x1, PF_W: 0x2, PF_R: 0x4 } as const;

/** Note types used by the probe lister (owner-specific; see `src/notes/` for the rest). */
export const NT_GNU_BUILD_ID = 3;
/** SystemTap probe descriptor (owner `stapsdt`). */
export const NT_STAPSDT = 3;

type Table = Readonly<Record<string, number>>;

const reverse = (t: Table): ReadonlyMap<number, string> => new Map(Object.entries(t).map(([k, v]) => [v, k]));
const ET_NAMES = reverse(ET);
const EM_NAMES = reverse(EM);
const SHT_NAMES = reverse(SHT);
const PT_NAMES = reverse(PT);

/** `ET_EXEC`, `ET_DYN`, …, or `ET_0x1234` for an unknown value. */
export function typeName(value: number): string {
  return ET_NAMES.get(value) ?? `ET_${"0x" + value.toString(16)}`;
}

/** `EM_X86_64`, `EM_AARCH64`, …, or `EM_<number>` for an unknown value. */
export function machineName(value: number): string {
  return EM_NAMES.get(value) ?? `EM_${value}`;
}

/** `SHT_NOTE`, …, or the hex value. */
export function sectionTypeName(value: number): string {
  return SHT_NAMES.get(value) ?? "0x" + value.toString(16);
}

/** `PT_LOAD`, …, or the hex value. */
export function segmentTypeName(value: number): string {
  return PT_NAMES.get(value) ?? "0x" + value.toString(16);
}
