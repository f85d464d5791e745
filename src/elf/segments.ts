/**
 * Program headers (`Elf32_Phdr` / `Elf64_Phdr`).
 *
 * Extended numbering: `e_phnum == PN_XNUM` (0xffff) means the real count is in
 * section 0's `sh_info` (when that is not 0, as readelf reads it).
 *
 * As in GNU readelf 2.40 (and as section headers are read, see `sections.ts`),
 * the headers follow each other at the class's header size (56 or 32 bytes);
 * a larger `e_phentsize` only widens the range that must lie in the file.
 */
import { PN_XNUM } from "./constants.js";
import { ElfError } from "./errors.js";
import { layoutOf, type FileHeader } from "./header.js";
import { Reader } from "./reader.js";
import type { SectionHeader } from "./sections.js";
import { readTable, toOffset, type ByteSource } from "./source.js";

/** One program header, class-independent. */
export interface ProgramHeader {
  readonly index: number;
  readonly type: number;
  readonly flags: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly paddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
  readonly align: bigint;
}

/**
 * Reads the program header table.
 *
 * @param section0 section 0 (`readSectionZero`), needed only when `e_phnum == PN_XNUM`.
 * @throws {ElfError} `BAD_HEADER` when `e_phentsize` is smaller than a program
 *   header, `BAD_SEGMENT` when the table lies outside the file.
 */
export function readProgramHeaders(
  source: ByteSource,
  header: FileHeader,
  section0: Pick<SectionHeader, "info"> | null | undefined,
): ProgramHeader[] {
  const count = programHeaderCount(header, section0);
  if (count === 0 || header.phoff === 0n) return [];
  const L = layoutOf(header).segment;
  const entsize = header.phentsize;
  if (entsize < L.size) {
    throw new ElfError("BAD_HEADER", `e_phentsize ${entsize} is smaller than a program header (${L.size})`, 0, entsize);
  }
  const phoff = toOffset(header.phoff, "e_phoff", 0);
  return decodeProgramHeaders(readTable(source, phoff, count, entsize, "program header table", "BAD_SEGMENT"), header, count);
}

/**
 * The number of program headers: `e_phnum`, or with `PN_XNUM` section 0's
 * `sh_info` when that is not 0 (`section0`: `readSectionZero`).
 */
export function programHeaderCount(header: FileHeader, section0: Pick<SectionHeader, "info"> | null | undefined): number {
  const count = header.phnum;
  return count === PN_XNUM && section0 && section0.info !== 0 ? section0.info : count;
}

/** `count` program headers from `bytes`, the class's header size apart (the caller has checked the length). */
export function decodeProgramHeaders(bytes: Uint8Array, header: FileHeader, count: number): ProgramHeader[] {
  const L = layoutOf(header).segment;
  const r = new Reader(bytes, header.littleEndian, header.class === 64);
  const out: ProgramHeader[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * L.size;
    out[i] = {
      index: i,
      type: r.u32(at + L.type),
      flags: r.u32(at + L.flags),
      offset: r.word(at + L.offset),
      vaddr: r.word(at + L.vaddr),
      paddr: r.word(at + L.paddr),
      filesz: r.word(at + L.filesz),
      memsz: r.word(at + L.memsz),
      align: r.word(at + L.align),
    };
  }
  return out;
}
