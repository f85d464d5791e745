/**
 * The dynamic-section pass of `readelf -n`: nothing on stdout, but part of the
 * exit status.
 *
 * GNU readelf 2.40 handles every file in one fixed order whatever the options
 * (`process_object`): file header, section headers, program headers, the
 * dynamic section, ..., notes last. With `-n` alone the dynamic section is
 * not printed, yet the result of reading it becomes the file's result: a
 * dynamic section readelf cannot read makes `readelf -n` exit 1 after it has
 * printed every note, as in
 *
 * ```
 * $ readelf -n dynamic-segment-past-eof; echo $?
 * readelf: Error: no .dynamic section in the dynamic segment
 * readelf: Error: Reading 16 bytes extends past end of file for dynamic section
 *
 * Displaying notes found in: .note.stapsdt
 * ...
 * 1
 * ```
 *
 * Where readelf looks (`process_program_headers`), for each PT_DYNAMIC in
 * turn, the last one winning:
 * - without section headers: the segment's `[p_offset, +p_filesz)`, dropped
 *   (with an error) unless it lies inside the file;
 * - with section headers and a section named `.dynamic` (the first, its name
 *   resolved as readelf resolves names) of non-zero `sh_size`: nothing for an
 *   SHT_NOBITS one (a separate debug file), else the section's
 *   `[sh_offset, +sh_size)`, dropped unless it lies inside the file;
 * - with section headers and no such section (a lying or unreadable
 *   section-name table is enough): an error, and the segment's range is kept
 *   without the file-size check.
 *
 * What fails with `-n` (`process_dynamic_section`, which reads the dynamic
 * symbol table only for other options): a range of two bytes or more that is
 * not inside the file; then, over the entries up to the first DT_NULL, a
 * DT_SYMINFO table (`DT_SYMINSZ` bytes at the file offset of `DT_SYMINFO`'s
 * address) that is not inside the file. The other tables it reads with `-n`
 * (DT_STRTAB) only print errors; those are not repeated here.
 */
import { DT, PT, SHT } from "../../elf/constants.js";
import { ElfError } from "../../elf/errors.js";
import type { ElfFile } from "../../elf/file.js";
import { Reader } from "../../elf/reader.js";
import type { SectionHeader } from "../../elf/sections.js";
import type { ProgramHeader } from "../../elf/segments.js";
import { altHex } from "../../notes/text.js";
import { getDataError, inFile, readelfRawSectionName } from "./readelf-text.js";

type Diag = (kind: "error" | "warning", text: string) => void;

const U64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** Entries read per source read while looking for DT_NULL. */
const ENTRIES_PER_READ = 4096;

/**
 * readelf's dynamic section of one file: where `process_program_headers`
 * finds it (`segment`, for each PT_DYNAMIC in program-header order, from the
 * per-segment loop in readelf-segments.ts), then what `process_dynamic_section`
 * reads of it (`read`). Never throws for malformed files.
 */
export class ReadelfDynamic {
  readonly #file: ElfFile;
  #sections: readonly SectionHeader[] | undefined;
  #sec: SectionHeader | undefined;
  #addr = 0n;
  #length = 0n;

  constructor(file: ElfFile) {
    this.#file = file;
  }

  /** `process_program_headers` on one PT_DYNAMIC segment `p`: the range it gives, the last one winning. */
  segment(p: ProgramHeader, diag: Diag): void {
    const file = this.#file;
    if (this.#sections === undefined) {
      // The same section for every PT_DYNAMIC: looked up once (a hostile file may have many of both).
      this.#sections = orNone(() => file.sections);
      this.#sec = this.#sections.length > 0 ? findDynamicSection(this.#sections, file.sectionNameTable) : undefined;
    }
    if (this.#addr !== 0n) diag("error", "more than one dynamic segment");
    this.#addr = p.offset;
    this.#length = p.filesz;
    if (this.#sections.length > 0) {
      const sec = this.#sec;
      if (sec === undefined || sec.size === 0n) {
        diag("error", "no .dynamic section in the dynamic segment");
        return; // the segment's range, unchecked
      }
      if (sec.type === SHT.SHT_NOBITS) {
        this.#addr = this.#length = 0n;
        return;
      }
      this.#addr = sec.offset;
      this.#length = sec.size;
    }
    if (!inFile(this.#addr, this.#length, file.source.size)) {
      diag("error", "the dynamic segment offset + size exceeds the size of the file");
      this.#addr = this.#length = 0n;
    }
  }

  /**
   * `process_dynamic_section` with `-n`, over the range the segments gave;
   * `segments`: the program headers as readelf read them. Returns false when
   * readelf's pass fails (`readelf -n` then exits 1).
   */
  read(segments: readonly ProgramHeader[], diag: Diag): boolean {
    const file = this.#file;
    const addr = this.#addr;
    const length = this.#length;
    if (length <= 1n) return true;
    if (!readable(file, addr, length, "dynamic section", diag)) return false;

    // The DT_SYMINFO table: DT_SYMINFO's address is turned into a file offset
    // with the DT_SYMINSZ seen so far; the last of each wins.
    let syminsz = 0n;
    let syminfo = 0n;
    forEachEntry(file, addr, length, (tag, val) => {
      if (tag === BigInt(DT.DT_SYMINENT) && val !== 4n) diag("error", `Bad value (${Number(BigInt.asIntN(32, val))}) for SYMINENT entry`);
      else if (tag === BigInt(DT.DT_SYMINSZ)) syminsz = val;
      else if (tag === BigInt(DT.DT_SYMINFO)) syminfo = offsetFromVma(segments, val, syminsz, diag);
    });
    if (syminfo === 0n || syminsz === 0n) return true;
    return readable(file, syminfo, syminsz, "symbol information", diag);
  }
}

/** `get()`, or no entries when the table is unusable (readelf then has none either). */
function orNone<T>(get: () => readonly T[]): readonly T[] {
  try {
    return get();
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    return [];
  }
}

/** readelf's `find_section (".dynamic")`: the first section whose valid name is exactly that. */
function findDynamicSection(sections: readonly SectionHeader[], names: Uint8Array | null): SectionHeader | undefined {
  return sections.find((s) => readelfRawSectionName(names, s.nameOffset, 9) === ".dynamic");
}

/** readelf's `get_data` checks for `length` bytes at `offset` of `file`, with its errors. */
function readable(file: ElfFile, offset: bigint, length: bigint, what: string, diag: Diag): boolean {
  const error = getDataError(offset, length, file.source.size, what);
  if (error !== null) diag("error", error);
  return error === null;
}

/**
 * Calls `visit` for each `{d_tag, d_val}` of the dynamic section at
 * `[addr, +length)` (inside the file), up to and with the first DT_NULL,
 * reading a bounded number of entries at a time.
 */
function forEachEntry(file: ElfFile, addr: bigint, length: bigint, visit: (tag: bigint, val: bigint) => void): void {
  const w = file.wordSize;
  const count = Number(length / BigInt(2 * w));
  const start = Number(addr);
  for (let i = 0; i < count; i += ENTRIES_PER_READ) {
    const n = Math.min(ENTRIES_PER_READ, count - i);
    const r = new Reader(file.source.read(start + i * 2 * w, n * 2 * w), file.littleEndian, file.is64);
    for (let k = 0; k < n; k++) {
      const tag = r.word(k * 2 * w);
      visit(tag, r.word(k * 2 * w + w));
      if (tag === BigInt(DT.DT_NULL)) return;
    }
  }
}

/**
 * readelf's `offset_from_vma`, not the loader's rule (`elf/address.ts`): the
 * first PT_LOAD whose `[p_vaddr rounded down to p_align, p_vaddr + p_filesz)`
 * holds `[vma, vma + size)`, in 64-bit arithmetic that wraps; else a warning
 * and `vma` itself.
 */
function offsetFromVma(segments: readonly ProgramHeader[], vma: bigint, size: bigint, diag: Diag): bigint {
  for (const p of segments) {
    if (p.type !== PT.PT_LOAD) continue;
    if (vma >= (p.vaddr & U64(-p.align)) && U64(vma + size) <= U64(p.vaddr + p.filesz)) return U64(vma - p.vaddr + p.offset);
  }
  diag("warning", `Virtual address ${altHex(vma)} not located in any PT_LOAD segment.`);
  return vma;
}
