/**
 * `stapsdt/notes`: every note of a file decoded, whatever its owner (GNU
 * build ID, ABI tag and properties, stapsdt probes, core-file NT_FILE, FDO
 * packaging metadata, Go build ID, annobin build attributes), and the
 * `readelf -n` printer, whose text is GNU readelf 2.40's byte for byte.
 * Portable.
 *
 * @example
 * ```ts
 * import { openElf } from "stapsdt";
 * import { decodeNoteBlocks, readelfNotes } from "stapsdt/notes";
 * const file = openElf(bytes);
 * for (const block of decodeNoteBlocks(file)) {
 *   for (const n of block.notes) console.log(n.owner, n.typeName, n.body.kind);
 * }
 * const { text, ok } = readelfNotes(file, { wide: true }); // what `readelf -n -W` prints
 * ```
 */
import type { ElfFile } from "../elf/file.js";
import type { NoteContainer } from "../elf/notes.js";
import {
  decodeNoteBlock as decodeNoteBlockImpl, decodeNoteBlocks as decodeNoteBlocksImpl,
  type DecodedNoteBlock, type DecodeNotesOptions,
} from "../notes/decode.js";
import {
  readelfNotes as readelfNotesImpl, renderReadelfNotes as renderReadelfNotesImpl,
  type ReadelfOptions, type ReadelfResult, type ReadelfSink,
} from "../format/readelf/readelf.js";

export { ElfError, isElfError, type ElfErrorCode } from "../elf/errors.js";
export { NT_GNU_BUILD_ID, NT_STAPSDT } from "../elf/constants.js";
export type { NoteContainer } from "../elf/notes.js";
export type { DecodedNote, DecodedNoteBlock, NoteBody } from "../notes/decode.js";
export { FDO_PACKAGING_METADATA, NT_GO_BUILDID } from "../notes/decode.js";
export {
  decodeGnuNote, GNU_ABI_TAG_OS, NT_GNU_ABI_TAG, NT_GNU_HWCAP, NT_GNU_GOLD_VERSION, NT_GNU_PROPERTY_TYPE_0, type GnuNoteBody,
} from "../notes/gnu.js";
export { decodeGnuProperties, type GnuProperty, type GnuPropertyList, type GnuPropertyError } from "../notes/property.js";
export { decodeNtFile, NT_FILE, type CoreMappedFile, type CoreFileBody } from "../notes/core.js";
export {
  isBuildAttribute, decodeBuildAttribute, NT_GNU_BUILD_ATTRIBUTE_OPEN, NT_GNU_BUILD_ATTRIBUTE_FUNC, type BuildAttributeBody,
} from "../notes/annobin.js";
export { noteTypeName } from "../notes/names.js";
export type { ReadelfResult, ReadelfSink } from "../format/readelf/readelf.js";

// The functions below are the modules' own, given here with the options a
// user sets (the modules' option types also carry ones for the printer's
// internals and for tests).

/** Options of {@link decodeNoteBlocks} and {@link decodeNoteBlock}. */
export type NoteDecodeOptions = Pick<DecodeNotesOptions, "relocate" | "warn">;

/** Options of {@link readelfNotes} and {@link renderReadelfNotes}. */
export type ReadelfNotesOptions = Pick<ReadelfOptions, "wide" | "stream" | "binutils240NtFile">;

/**
 * Every note of `file`, decoded, one block per note container in readelf's
 * order (every SHT_NOTE section; PT_NOTE segments when there are no sections).
 * Relocations are applied to the note sections of ET_REL files, as readelf does.
 *
 * @throws nothing for malformed files: unusable header tables go to
 *   `options.warn` and count as empty; container problems are in each block.
 */
export const decodeNoteBlocks: (file: ElfFile, options?: NoteDecodeOptions) => Generator<DecodedNoteBlock> = decodeNoteBlocksImpl;

/**
 * Reads and decodes the notes of one container (see `ElfFile.noteContainers`).
 * Never throws for malformed contents.
 */
export const decodeNoteBlock: (file: ElfFile, container: NoteContainer, options?: NoteDecodeOptions) => DecodedNoteBlock =
  decodeNoteBlockImpl;

/**
 * Prints the notes of `file` as `readelf -n` (binutils 2.40) does, into
 * `sink`: `out` gets the text as byte strings (one char per byte; or
 * `outBytes` the bytes), `diag` the warnings and errors readelf prints to
 * stderr, in the order readelf interleaves them.
 *
 * @returns whether readelf would exit 0 for the notes.
 * @throws nothing for malformed files: every problem becomes a diagnostic.
 */
export const renderReadelfNotes: (file: ElfFile, sink: ReadelfSink, options?: ReadelfNotesOptions) => boolean = renderReadelfNotesImpl;

/** {@link renderReadelfNotes} collected into one result: the text, the diagnostics and the status. */
export const readelfNotes: (file: ElfFile, options?: ReadelfNotesOptions) => ReadelfResult = readelfNotesImpl;
