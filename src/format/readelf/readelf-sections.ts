/**
 * The messages of readelf's section-header pass, which every `readelf -n`
 * prints on stderr before anything else (`process_section_headers`, for core
 * files too). Stdout and the exit status do not depend on them: without
 * usable section headers `-n` goes on with the PT_NOTE segments.
 *
 * readelf 2.40 first takes the extended counts from section 0 when that one
 * header can be read (`readSectionZero`), drops an `e_shstrndx` at or past
 * the count, then, in this order:
 * - no sections but an `e_shoff`: a warning, and no sections;
 * - `e_shentsize` 0: no sections, silently; smaller than a header: an error;
 *   larger: a warning, and the headers are read anyway;
 * - the table (`count × e_shentsize` bytes) not inside the file: an error;
 * - each section whose `sh_link` (or, with SHF_INFO_LINK, `sh_info`) is
 *   above the count: a warning;
 * - a section-name table of non-zero size not inside the file: an error,
 *   and sections are named `<no-strings>`.
 */
import type { ElfFile } from "../../elf/file.js";
import { ElfError } from "../../elf/errors.js";
import { layoutOf } from "../../elf/header.js";
import { SHN } from "../../elf/constants.js";
import { readSectionZero } from "../../elf/sections.js";
import { getDataError } from "./readelf-text.js";

type Diag = (kind: "error" | "warning", text: string) => void;

/** `sh_flags`: `sh_info` holds a section index. */
const SHF_INFO_LINK = 0x40n;

/**
 * Prints readelf's section-header messages for `file` to `diag`. Returns the
 * error our reader gave for the table (`ElfFile.sections`), if any, which
 * then says the same thing in other words.
 */
export function readelfSectionPass(file: ElfFile, diag: Diag): ElfError | null {
  const { header } = file;
  const s0 = readSectionZero(file.source, header);
  let count = header.shnum;
  let shstrndx = header.shstrndx;
  if (s0 !== null) {
    if (count === 0) count = Number(BigInt.asUintN(32, s0.size));
    if (shstrndx === SHN.SHN_XINDEX) shstrndx = s0.link;
    if (shstrndx >= count) shstrndx = 0;
  }
  if (count === 0) {
    if (header.shoff !== 0n) diag("warning", "possibly corrupt ELF file header - it has a non-zero section header offset, but no section headers");
    return ourError(file);
  }
  const entsize = header.shentsize;
  const L = layoutOf(header).section;
  if (entsize === 0 || header.shoff === 0n) return ourError(file);
  if (entsize < L.size) {
    diag("error", "The e_shentsize field in the ELF header is less than the size of an ELF section header");
    return ourError(file);
  }
  if (entsize > L.size) diag("warning", "The e_shentsize field in the ELF header is larger than the size of an ELF section header");
  const bytes = BigInt(entsize) * BigInt(count);
  const tableError = getDataError(header.shoff, bytes, file.source.size, "section headers");
  if (tableError !== null) {
    diag("error", tableError);
    return ourError(file);
  }
  const error = ourError(file);
  if (error !== null) return error;
  const sections = file.sections;
  for (const s of sections) {
    if (s.link > count) diag("warning", `Section ${s.index} has an out of range sh_link value of ${s.link}`);
    if ((s.flags & SHF_INFO_LINK) !== 0n && s.info > count) diag("warning", `Section ${s.index} has an out of range sh_info value of ${s.info}`);
  }
  const names = shstrndx === 0 ? undefined : sections[shstrndx];
  if (names !== undefined && names.size !== 0n) {
    const namesError = getDataError(names.offset, names.size, file.source.size, "string table");
    if (namesError !== null) diag("error", namesError);
  }
  return null;
}

/** The error of our reader for the table (`null` when it reads it). */
function ourError(file: ElfFile): ElfError | null {
  try {
    void file.sections;
    return null;
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    return e;
  }
}
