/**
 * The program header table as readelf reads it, with its messages
 * (`process_program_headers` and `get_program_headers` of binutils 2.40).
 *
 * The gABI says an `e_phoff` of 0 means there is no table; readelf reads
 * one there all the same (the file header's own bytes, as program headers),
 * and `-n` takes its PT_NOTE entries as note segments. The library's model
 * (`ElfFile.segments`) follows the gABI; `-n` follows readelf, through this.
 *
 * With `e_phnum` (after `PN_XNUM`) 0, a non-zero `e_phoff` is a warning and
 * there are no program headers. Otherwise, in this order, each an error that
 * leaves no program headers unless said:
 * - `e_phnum` headers of the class's size would not fit in the file
 *   ("Too many program headers", `%#x` of the count);
 * - `e_phentsize` 0: none, silently; smaller than a header; larger: a
 *   warning, and the headers are read anyway, the class's size apart;
 * - the `e_phnum × e_phentsize` bytes at `e_phoff` not inside the file.
 *
 * Then each header's checks (see {@link readelfSegmentPass}). readelf keeps
 * a table it has read; one it could not read it tries again
 * when it next needs it (for the note segments: the notes of a file without
 * SHT_NOTE sections, and of a core file), and says so again.
 */
import { ElfError } from "../../elf/errors.js";
import type { ElfFile } from "../../elf/file.js";
import { layoutOf } from "../../elf/header.js";
import { EM, PN_XNUM, PT } from "../../elf/constants.js";
import type { ReadelfDynamic } from "./readelf-dynamic.js";
import { getDataError } from "./readelf-text.js";
import { readSectionZero } from "../../elf/sections.js";
import { decodeProgramHeaders, programHeaderCount, type ProgramHeader } from "../../elf/segments.js";

type Diag = (kind: "error" | "warning", text: string) => void;

/**
 * readelf's program headers of `file` (its `get_program_headers`), or null
 * with its messages sent to `diag`; `count`: `readelfPhnum(file)`.
 */
export function readelfProgramHeaders(file: ElfFile, diag: Diag, count = readelfPhnum(file)): readonly ProgramHeader[] | null {
  const { header, source } = file;
  const L = layoutOf(header).segment;
  const size = BigInt(source.size);
  if (BigInt(count) * BigInt(L.size) >= size) {
    diag("error", `Too many program headers - ${count === 0 ? "0" : `0x${count.toString(16)}`} - the file is not that big`);
    return null;
  }
  const entsize = header.phentsize;
  if (entsize === 0 || count === 0) return null;
  if (entsize < L.size) {
    diag("error", "The e_phentsize field in the ELF header is less than the size of an ELF program header");
    return null;
  }
  if (entsize > L.size) diag("warning", "The e_phentsize field in the ELF header is larger than the size of an ELF program header");
  const length = BigInt(entsize) * BigInt(count);
  const error = getDataError(header.phoff, length, source.size, "program headers");
  if (error !== null) {
    diag("error", error);
    return null;
  }
  try {
    return decodeProgramHeaders(source.read(Number(header.phoff), Number(length)), header, count);
  } catch (e) {
    // A source that fails to read what is inside it (a file that shrank, EIO).
    if (!(e instanceof ElfError)) throw e;
    diag("error", e.message);
    return null;
  }
}

/**
 * readelf's program-header pass (`process_program_headers`, whatever the
 * options): the table it reads, or null, with its messages; then, for each
 * program header in order, its checks:
 * - PT_LOAD: `p_filesz` above `p_memsz` (out-of-order PT_LOADs are not
 *   reported: readelf 2.40 has that check compiled out);
 * - PT_PHDR: after a PT_LOAD (and not the first header); not inside a
 *   PT_LOAD's file range and address range (among the headers from the
 *   second on, in 64-bit arithmetic that wraps; not checked for EM_PARISC);
 * - PT_DYNAMIC: where the dynamic section is (`dynamic.segment`);
 * - PT_INTERP: the interpreter's name not readable (`p_offset` at or past
 *   the end of the file, `p_filesz` 0 or past it).
 * Its result does not change the exit status.
 */
export function readelfSegmentPass(file: ElfFile, dynamic: ReadelfDynamic, diag: Diag): readonly ProgramHeader[] | null {
  const count = readelfPhnum(file);
  if (count === 0) {
    if (file.header.phoff !== 0n) diag("warning", "possibly corrupt ELF header - it has a non-zero program header offset, but no program headers");
    return null;
  }
  const segments = readelfProgramHeaders(file, diag, count);
  if (segments === null) return null;
  const size = BigInt(file.source.size);
  const coverage = new PhdrCoverage(segments);
  let previousLoad = false;
  for (let i = 0; i < segments.length; i++) {
    const p = segments[i]!;
    switch (p.type) {
      case PT.PT_LOAD:
        if (p.memsz < p.filesz) diag("error", "the segment's file size is larger than its memory size");
        previousLoad = true;
        break;
      case PT.PT_PHDR:
        if (i > 0 && previousLoad) diag("error", "the PHDR segment must occur before any LOAD segment");
        if (file.header.machine !== EM.EM_PARISC && !coverage.covered(p)) diag("error", "the PHDR segment is not covered by a LOAD segment");
        break;
      case PT.PT_DYNAMIC:
        dynamic.segment(p, diag);
        break;
      case PT.PT_INTERP:
        if (p.offset >= size || p.filesz > size - p.offset || p.filesz === 0n) diag("error", "Unable to find program interpreter name");
        break;
    }
  }
  return segments;
}

/**
 * Whether a PT_PHDR lies inside a PT_LOAD, in the file and in memory
 * (readelf's test: the PT_LOADs from the second header on, in 64-bit
 * arithmetic that wraps). readelf looks through every PT_LOAD for every
 * PT_PHDR; a crafted table of a million of each would make that 10^12
 * comparisons. Here a PT_PHDR's answer is kept by its offset, address and
 * size, and the comparisons of one file share a budget: past it, a PT_PHDR
 * not seen before is reported as not covered, without looking (a table
 * that size has long stopped being a program's).
 */
class PhdrCoverage {
  readonly #loads: readonly ProgramHeader[];
  readonly #known = new Map<string, boolean>();
  #budget = 1 << 24;

  constructor(segments: readonly ProgramHeader[]) {
    this.#loads = segments.filter((l, j) => j > 0 && l.type === PT.PT_LOAD);
  }

  covered(p: ProgramHeader): boolean {
    const key = `${p.offset}:${p.vaddr}:${p.filesz}`;
    let answer = this.#known.get(key);
    if (answer === undefined) {
      answer = this.#budget >= this.#loads.length && this.#loads.some((l) => covers(l, p));
      this.#budget -= this.#loads.length;
      this.#known.set(key, answer);
    }
    return answer;
  }
}

function covers(l: ProgramHeader, p: ProgramHeader): boolean {
  const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
  return l.offset <= p.offset && u64(l.offset + l.filesz) >= u64(p.offset + p.filesz) &&
    l.vaddr <= p.vaddr && u64(l.vaddr + l.filesz) >= u64(p.vaddr + p.filesz);
}

/** `e_phnum` as readelf has it: with `PN_XNUM`, section 0's `sh_info` when it can be read and is not 0. */
function readelfPhnum(file: ElfFile): number {
  const { header, source } = file;
  return programHeaderCount(header, header.phnum === PN_XNUM ? readSectionZero(source, header) : null);
}
