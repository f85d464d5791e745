/**
 * The relocation types GNU readelf 2.40 applies to a section before dumping
 * it (binutils `apply_relocations`), per machine, and how `r_info` packs the
 * type and the symbol.
 *
 * readelf knows only the data relocations that debug sections use: absolute
 * and PC-relative words, and on RISC-V the in-place add/sub pairs of
 * assembler-computed differences. Every other type of a known machine is
 * skipped with "unable to apply unsupported reloc type"; a machine missing
 * here is one readelf has no table for (it says "Missing knowledge of 32-bit
 * reloc types"). The tables cover the machines Debian 12 ships cross compilers
 * for (and the aliases readelf treats alike), each checked against readelf
 * 2.40 type by type in `test/notes/relocate.test.ts`.
 *
 * `r_info` (ELF32: `sym << 8 | type`; ELF64: `sym << 32 | type`) has two
 * exceptions on ELF64:
 *
 * - SPARC V9 keeps 24 bits of data above an 8-bit type (`ELF64_R_TYPE_ID`
 *   is the low byte).
 * - MIPS64 holds up to three relocations in one record: `r_sym` (32 bits),
 *   `r_ssym` (8), `r_type3` (8), `r_type2` (8), `r_type` (8), stored in that
 *   order. That is one big-endian 64-bit word on a big-endian file, but on a
 *   little-endian file only `r_sym` is little-endian and the four bytes
 *   follow as they are, so the word read little-endian holds `r_type` in its
 *   top byte. readelf applies `r_type` alone (never `r_type2`/`r_type3`).
 */
import { EM } from "../elf/constants.js";

/**
 * What a relocation writes at its place P (S: the symbol's value, A: the
 * addend, B: the bytes in place).
 *
 * - `abs`: S + A
 * - `pcrel`: S + A - P (HPPA: S + A - 8 - P)
 * - `add`, `sub`: B + A + S, B + A - S (RISC-V `R_RISCV_ADDn`/`SUBn`: the bytes are an addend too)
 * - `set6`: the low 6 bits of the byte become S + A, the top 2 are kept (`R_RISCV_SET6`)
 * - `sub6`: the low 6 bits become (B & 0x3f) + A - S, the top 2 are kept (`R_RISCV_SUB6`)
 */
export type RelocOp = "abs" | "pcrel" | "add" | "sub" | "set6" | "sub6";

/** One relocation type: how many bytes it writes, and what. */
export interface RelocKind {
  readonly size: 1 | 2 | 4 | 8;
  readonly op: RelocOp;
}

/** The relocations readelf applies for one machine. */
export interface MachineRelocs {
  /** Types that do nothing (`R_*_NONE`). */
  readonly none: readonly number[];
  readonly kinds: ReadonlyMap<number, RelocKind>;
  /**
   * The addend is the bytes in place even in SHT_RELA sections (SuperH:
   * binutils writes RELA for SH but keeps the addend in the section).
   */
  readonly addendInPlace?: true;
  /** Added to every PC-relative value (HPPA: PC-relative relocations are biased by 8). */
  readonly pcrelBias?: bigint;
}

const abs = (size: 1 | 2 | 4 | 8): RelocKind => ({ size, op: "abs" });
const pcrel = (size: 4 | 8): RelocKind => ({ size, op: "pcrel" });

const X86_64: MachineRelocs = {
  none: [0],
  // R_X86_64_64, R_X86_64_PC32, R_X86_64_32, R_X86_64_PC64
  kinds: new Map([[1, abs(8)], [2, pcrel(4)], [10, abs(4)], [24, pcrel(8)]]),
};

const I386: MachineRelocs = {
  none: [0],
  // R_386_32, R_386_PC32
  kinds: new Map([[1, abs(4)], [2, pcrel(4)]]),
};

const AARCH64: MachineRelocs = {
  // R_AARCH64_NONE, and 256 (R_AARCH64_NULL in binutils)
  none: [0, 256],
  // R_AARCH64_P32_ABS32, R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_PREL64, R_AARCH64_PREL32
  kinds: new Map([[1, abs(4)], [257, abs(8)], [258, abs(4)], [260, pcrel(8)], [261, pcrel(4)]]),
};

const ALPHA: MachineRelocs = {
  none: [0],
  // R_ALPHA_REFLONG, R_ALPHA_REFQUAD, R_ALPHA_SREL32, R_ALPHA_SREL64
  kinds: new Map([[1, abs(4)], [2, abs(8)], [10, pcrel(4)], [11, pcrel(8)]]),
};

const ARC: MachineRelocs = {
  none: [0],
  // R_ARC_32 (EM_ARC numbering), R_ARC_16
  kinds: new Map([[1, abs(4)], [2, abs(2)]]),
};

const ARC_COMPACT: MachineRelocs = {
  none: [0],
  // R_ARC_16, R_ARC_32, R_ARC_32_PCREL
  kinds: new Map([[2, abs(2)], [4, abs(4)], [49, pcrel(4)]]),
};

const ARM: MachineRelocs = {
  none: [0],
  // R_ARM_ABS32, R_ARM_REL32
  kinds: new Map([[2, abs(4)], [3, pcrel(4)]]),
};

const M68K: MachineRelocs = {
  none: [0],
  // R_68K_32, R_68K_PC32
  kinds: new Map([[1, abs(4)], [4, pcrel(4)]]),
};

const MIPS: MachineRelocs = {
  none: [0],
  // R_MIPS_32, R_MIPS_64 (R_MIPS_REL32 = 3 is not PC-relative and not applied)
  kinds: new Map([[2, abs(4)], [18, abs(8)]]),
};

const PARISC: MachineRelocs = {
  none: [0],
  // R_PARISC_DIR32, R_PARISC_DIR21L (written whole, as readelf does), R_PARISC_PCREL32,
  // R_PARISC_SECREL32, R_PARISC_PCREL64, R_PARISC_DIR64
  kinds: new Map([[1, abs(4)], [2, abs(4)], [9, pcrel(4)], [41, abs(4)], [72, pcrel(8)], [80, abs(8)]]),
  pcrelBias: -8n,
};

const PPC: MachineRelocs = {
  none: [0],
  // R_PPC_ADDR32, R_PPC_REL32
  kinds: new Map([[1, abs(4)], [26, pcrel(4)]]),
};

const PPC64: MachineRelocs = {
  none: [0],
  // R_PPC64_ADDR32, R_PPC64_REL32, R_PPC64_ADDR64, R_PPC64_REL64
  kinds: new Map([[1, abs(4)], [26, pcrel(4)], [38, abs(8)], [44, pcrel(8)]]),
};

const RISCV: MachineRelocs = {
  none: [0],
  kinds: new Map<number, RelocKind>([
    [1, abs(4)], // R_RISCV_32
    [2, abs(8)], // R_RISCV_64
    [33, { size: 1, op: "add" }], // R_RISCV_ADD8
    [34, { size: 2, op: "add" }], // R_RISCV_ADD16
    [35, { size: 4, op: "add" }], // R_RISCV_ADD32
    [36, { size: 8, op: "add" }], // R_RISCV_ADD64
    [37, { size: 1, op: "sub" }], // R_RISCV_SUB8
    [38, { size: 2, op: "sub" }], // R_RISCV_SUB16
    [39, { size: 4, op: "sub" }], // R_RISCV_SUB32
    [40, { size: 8, op: "sub" }], // R_RISCV_SUB64
    [52, { size: 1, op: "sub6" }], // R_RISCV_SUB6
    [53, { size: 1, op: "set6" }], // R_RISCV_SET6
    [54, abs(1)], // R_RISCV_SET8
    [55, abs(2)], // R_RISCV_SET16
    [57, pcrel(4)], // R_RISCV_32_PCREL
  ]),
};

const S390: MachineRelocs = {
  none: [0],
  // R_390_32, R_390_PC32, R_390_64, R_390_PC64
  kinds: new Map([[4, abs(4)], [5, pcrel(4)], [22, abs(8)], [23, pcrel(8)]]),
};

const SH: MachineRelocs = {
  none: [0],
  // R_SH_DIR32, R_SH_REL32
  kinds: new Map([[1, abs(4)], [2, pcrel(4)]]),
  addendInPlace: true,
};

const SPARC: MachineRelocs = {
  none: [0],
  // R_SPARC_32, R_SPARC_DISP32, R_SPARC_UA32, R_SPARC_64, R_SPARC_DISP64, R_SPARC_UA64
  kinds: new Map([[3, abs(4)], [6, pcrel(4)], [23, abs(4)], [32, abs(8)], [46, pcrel(8)], [54, abs(8)]]),
};

/** `e_machine` values readelf uses beside those of `EM` (its aliases of the machines above). */
const EM_L1OM = 180;
const EM_K1OM = 181;
const EM_ARC = 45;
const EM_ARC_COMPACT = 93;
const EM_ARC_COMPACT2 = 195;
const EM_S390_OLD = 0xa390;

const MACHINES: ReadonlyMap<number, MachineRelocs> = new Map([
  [EM.EM_X86_64, X86_64], [EM_L1OM, X86_64], [EM_K1OM, X86_64],
  [EM.EM_386, I386], [EM.EM_IAMCU, I386],
  [EM.EM_AARCH64, AARCH64],
  // binutils' EM_ALPHA is 0x9026, the number GNU tools write; 41 (EM_ALPHA in the gABI) gets no table.
  [EM.EM_ALPHA_EXP, ALPHA],
  [EM_ARC, ARC], [EM_ARC_COMPACT, ARC_COMPACT], [EM_ARC_COMPACT2, ARC_COMPACT],
  [EM.EM_ARM, ARM],
  [EM.EM_68K, M68K],
  [EM.EM_MIPS, MIPS],
  [EM.EM_PARISC, PARISC],
  [EM.EM_PPC, PPC],
  [EM.EM_PPC64, PPC64],
  [EM.EM_RISCV, RISCV],
  [EM.EM_S390, S390], [EM_S390_OLD, S390],
  [EM.EM_SH, SH],
  [EM.EM_SPARC, SPARC], [EM.EM_SPARC32PLUS, SPARC], [EM.EM_SPARCV9, SPARC],
]);

/** The relocations readelf 2.40 applies for `machine`, or `undefined` when it has no table for it. */
export function machineRelocs(machine: number): MachineRelocs | undefined {
  return MACHINES.get(machine);
}

/** The fields of a MIPS64 `r_info`, in the order they are stored. */
export interface Mips64Info {
  readonly sym: number;
  readonly ssym: number;
  readonly type3: number;
  readonly type2: number;
  readonly type: number;
}

/**
 * Splits a MIPS64 `r_info` as read with the file's byte order (`littleEndian`)
 * into its fields (see the module comment).
 */
export function decodeMips64Info(info: bigint, littleEndian: boolean): Mips64Info {
  const byte = (shift: bigint): number => Number((info >> shift) & 0xffn);
  if (littleEndian) {
    return { sym: Number(info & 0xffffffffn), ssym: byte(32n), type3: byte(40n), type2: byte(48n), type: byte(56n) };
  }
  return { sym: Number(info >> 32n), ssym: byte(24n), type3: byte(16n), type2: byte(8n), type: byte(0n) };
}

/** The symbol index and relocation type of an `r_info`, as readelf takes them (`get_reloc_symindex`, `get_reloc_type`). */
export function splitRelocInfo(info: bigint, machine: number, is64: boolean, littleEndian: boolean): { sym: number; type: number } {
  if (!is64) return { sym: Number(info >> 8n), type: Number(info & 0xffn) };
  if (machine === EM.EM_MIPS) {
    const f = decodeMips64Info(info, littleEndian);
    return { sym: f.sym, type: f.type };
  }
  const sym = Number(info >> 32n);
  return { sym, type: Number(machine === EM.EM_SPARCV9 ? info & 0xffn : info & 0xffffffffn) };
}

/** Symbol types (`STT_*`) by number, as readelf names them in its warnings (`get_symbol_type`). */
export function symbolTypeName(type: number, machine: number, osabi: number): string {
  const names = ["NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS", undefined, "RELC", "SRELC"];
  const known = names[type];
  if (known !== undefined) return known;
  if (type >= 13 && type <= 15) {
    // STT_LOPROC..STT_HIPROC: STT_ARM_TFUNC, STT_REGISTER (SPARC V9), STT_PARISC_MILLI are all 13.
    if (type === 13 && machine === EM.EM_ARM) return "THUMB_FUNC";
    if (type === 13 && machine === EM.EM_SPARCV9) return "REGISTER";
    if (type === 13 && machine === EM.EM_PARISC) return "PARISC_MILLI";
    return `<processor specific>: ${type}`;
  }
  if (type >= 10 && type <= 12) {
    // STT_LOOS..STT_HIOS: STT_HP_OPAQUE, STT_HP_STUB; STT_GNU_IFUNC for GNU and FreeBSD objects.
    if (machine === EM.EM_PARISC && type === 11) return "HP_OPAQUE";
    if (machine === EM.EM_PARISC && type === 12) return "HP_STUB";
    if (type === 10 && (osabi === 3 /* ELFOSABI_GNU */ || osabi === 9 /* ELFOSABI_FREEBSD */)) return "IFUNC";
    return `<OS specific>: ${type}`;
  }
  return `<unknown>: ${type}`;
}
