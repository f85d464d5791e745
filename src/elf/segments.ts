/**
 * Program headers (`Elf32_Phdr` / `Elf64_Phdr`).
 *
 * Extended numbering: `e_phnum == PN_XNUM` (0xffff) means the real count is in
 * section 0's `sh_info`.
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
 * @param section0 section 0, needed only when `e_phnum == PN_XNUM`.
 * @throws {ElfError} `BAD_HEADER` when `e_phentsize` is smaller than a program
 *   header, `BAD_SEGMENT` when the table lies outside the file.
 */
export function readProgramHeaders(
  source: ByteSource,
  header: FileHeader,
  section0: SectionHeader | undefined,
): ProgramHeader[] {
  let count = header.phnum;
  if (count === PN_XNUM && section0) count = section0.info;
  if (count === 0 || header.phoff === 0n) return [];
  const L = layoutOf(header).segment;
  const entsize = header.phentsize;
  if (entsize < L.size) {
    throw new ElfError("BAD_HEADER", `e_phentsize ${entsize} is smaller than a program header (${L.size})`, 0, entsize);
  }
  const phoff = toOffset(header.phoff, "e_phoff", 0);
  const r = new Reader(readTable(source, phoff, count, entsize, "program header table", "BAD_SEGMENT"), header.littleEndian, header.class === 64);
  const out: ProgramHeader[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * entsize;
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
