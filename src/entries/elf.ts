/**
 * `stapsdt/elf`: the ELF reader underneath the probes, for tools that need
 * more of a file than its probes: sections, segments, symbols, notes as
 * framed records, address-to-offset conversion, and the constants with their
 * names. Portable; under Node the entry adds `fileSymbolResolver`.
 *
 * @example
 * ```ts
 * import { openElf, SHT, symbolTable, vaddrToOffset } from "stapsdt/elf";
 * const file = openElf(bytes);
 * const notes = file.sections.filter((s) => s.type === SHT.SHT_NOTE);
 * const main = symbolTable(file).lookup("main");
 * const offset = main && vaddrToOffset(file.segments, main.value);
 * ```
 */
export { openElf, type ElfInput } from "../elf/open.js";
export { ElfFile, type NoteBlock } from "../elf/file.js";
export { ElfError, isElfError, hex, type ElfErrorCode } from "../elf/errors.js";
export { bytesSource, countingSource, type ByteSource, type CountingSource } from "../elf/source.js";
export type { FileHeader } from "../elf/header.js";
export type { SectionHeader } from "../elf/sections.js";
export type { ProgramHeader } from "../elf/segments.js";
export { findLoadSegment, segmentOffset, vaddrToOffset } from "../elf/address.js";
export { readSymbols, symbolTable, isAddressSymbol, type ElfSymbol, type SymbolTable, type SymbolFilter } from "../elf/symbols.js";
export {
  Note, parseNotes, walkNotes, noteOwnerIs, noteAlignment, MAX_NOTES,
  type NoteContainer, type NoteList, type NoteFraming, type NoteVisitor, type NoteWalkEnd,
} from "../elf/notes.js";
export {
  ELFCLASS, ELFDATA, ET, EM, SHT, SHF, SHN, STT, STB, STV, PT, PF, PN_XNUM, NT_GNU_BUILD_ID, NT_STAPSDT,
  machineName, typeName, sectionTypeName, segmentTypeName,
} from "../elf/constants.js";
