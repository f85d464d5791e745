/**
 * The ELF identification bytes and file header (`Elf32_Ehdr` / `Elf64_Ehdr`).
 */
import {
  EI_ABIVERSION, EI_CLASS, EI_DATA, EI_NIDENT, EI_OSABI, EI_VERSION, ELFCLASS, ELFDATA, ELFMAG,
} from "./constants.js";
import { ElfError } from "./errors.js";
import { ELF32, ELF64, type ClassLayout } from "./layout.js";
import { Reader } from "./reader.js";
import type { ByteSource } from "./source.js";

/** The file header, decoded into one class-independent model. */
export interface FileHeader {
  /** 32 for ELFCLASS32, 64 for ELFCLASS64. */
  readonly class: 32 | 64;
  /** True for ELFDATA2LSB. */
  readonly littleEndian: boolean;
  readonly identVersion: number;
  readonly osabi: number;
  readonly abiversion: number;
  /** `e_type` (ET_EXEC, ET_DYN, ...). */
  readonly type: number;
  /** `e_machine` (EM_X86_64, ...). */
  readonly machine: number;
  readonly version: number;
  readonly entry: bigint;
  readonly phoff: bigint;
  readonly shoff: bigint;
  readonly flags: number;
  readonly ehsize: number;
  readonly phentsize: number;
  /** `e_phnum` as stored (may be PN_XNUM; see `ElfFile.segments`). */
  readonly phnum: number;
  readonly shentsize: number;
  /** `e_shnum` as stored (may be 0 with extended numbering; see `ElfFile.sections`). */
  readonly shnum: number;
  /** `e_shstrndx` as stored (may be SHN_XINDEX). */
  readonly shstrndx: number;
}

/** The layout descriptors for a header's class. */
export function layoutOf(header: Pick<FileHeader, "class">): ClassLayout {
  return header.class === 64 ? ELF64 : ELF32;
}

/** True when `bytes` start with the ELF magic, `\x7fELF`. */
export function hasElfMagic(bytes: Uint8Array, at = 0): boolean {
  return bytes.length >= at + 4 &&
    bytes[at] === ELFMAG[0] && bytes[at + 1] === ELFMAG[1] && bytes[at + 2] === ELFMAG[2] && bytes[at + 3] === ELFMAG[3];
}

/**
 * Reads and validates `e_ident` and the file header.
 *
 * @throws {ElfError} `NOT_ELF` when the magic is missing (including empty files),
 *   `BAD_CLASS` / `BAD_DATA` for an unknown class or byte order, `TRUNCATED` when
 *   the file ends inside the header.
 */
export function readFileHeader(source: ByteSource): FileHeader {
  if (source.size < EI_NIDENT) {
    // Too short even for e_ident: say "not ELF" unless the magic is there.
    const head = source.read(0, Math.min(source.size, 4));
    if (!hasElfMagic(head)) throw new ElfError("NOT_ELF", "not an ELF file (no \\x7fELF magic)", 0);
    throw new ElfError("TRUNCATED", `file of ${source.size} bytes ends inside e_ident`, 0, source.size);
  }
  // Read the largest header size at once (64 bytes) when the file has it.
  const bytes = source.read(0, Math.min(source.size, ELF64.header.size));
  if (!hasElfMagic(bytes)) {
    throw new ElfError("NOT_ELF", "not an ELF file (no \\x7fELF magic)", 0);
  }
  const cls = bytes[EI_CLASS]!;
  if (cls !== ELFCLASS.ELFCLASS32 && cls !== ELFCLASS.ELFCLASS64) {
    throw new ElfError("BAD_CLASS", `invalid ELF class ${cls}`, EI_CLASS, cls);
  }
  const data = bytes[EI_DATA]!;
  if (data !== ELFDATA.ELFDATA2LSB && data !== ELFDATA.ELFDATA2MSB) {
    throw new ElfError("BAD_DATA", `invalid ELF data encoding ${data}`, EI_DATA, data);
  }
  const is64 = cls === ELFCLASS.ELFCLASS64;
  const L = (is64 ? ELF64 : ELF32).header;
  if (bytes.length < L.size) {
    throw new ElfError("TRUNCATED", `file of ${source.size} bytes ends inside the ELF header`, 0, source.size);
  }
  const r = new Reader(bytes, data === ELFDATA.ELFDATA2LSB, is64);
  return {
    class: is64 ? 64 : 32,
    littleEndian: r.le,
    identVersion: bytes[EI_VERSION]!,
    osabi: bytes[EI_OSABI]!,
    abiversion: bytes[EI_ABIVERSION]!,
    type: r.u16(L.type),
    machine: r.u16(L.machine),
    version: r.u32(L.version),
    entry: r.word(L.entry),
    phoff: r.word(L.phoff),
    shoff: r.word(L.shoff),
    flags: r.u32(L.flags),
    ehsize: r.u16(L.ehsize),
    phentsize: r.u16(L.phentsize),
    phnum: r.u16(L.phnum),
    shentsize: r.u16(L.shentsize),
    shnum: r.u16(L.shnum),
    shstrndx: r.u16(L.shstrndx),
  };
}
