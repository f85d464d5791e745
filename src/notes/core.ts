/**
 * Core-file notes. Only `NT_FILE` has a body worth decoding here; the register
 * sets (`NT_PRSTATUS`, `NT_FPREGSET`, ...) are machine structures that readelf
 * does not print either.
 *
 * `NT_FILE` (owner `CORE`, type 0x46494c45, "FILE"), written by Linux and gdb:
 *
 * ```
 *   word count                        (word = 4 bytes in ELFCLASS32, 8 in ELFCLASS64)
 *   word page_size
 *   count x { word start, word end, word file_ofs }   (file_ofs in pages)
 *   count NUL-terminated paths
 * ```
 */
import { Reader } from "../elf/reader.js";
import { byteString } from "./text.js";

export const NT_FILE = 0x46494c45;

/** One mapping of an `NT_FILE` note. */
export interface CoreMappedFile {
  readonly start: bigint;
  readonly end: bigint;
  /** Offset in the file, in pages. */
  readonly fileOffset: bigint;
  /** The path as a byte string (bytes as stored). */
  readonly path: string;
}

export type CoreFileBody =
  | {
      readonly kind: "core-file";
      readonly pageSize: bigint;
      /** The mappings readelf prints before any error (all of them when `reason` is null). */
      readonly files: readonly CoreMappedFile[];
      /** readelf's message when the path list ends early, else null. */
      readonly reason: string | null;
    }
  | { readonly kind: "corrupt"; readonly decoder: "core-file"; readonly reason: string };

/**
 * Decodes an `NT_FILE` descriptor with the checks of binutils readelf
 * (`print_core_note`), in the same order, with the same messages.
 * Never throws.
 */
export function decodeNtFile(desc: Uint8Array, le: boolean, is64: boolean): CoreFileBody {
  const w = is64 ? 8 : 4;
  const size = desc.length;
  if (size < 2 * w) return { kind: "corrupt", decoder: "core-file", reason: "Malformed note - too short for header" };
  if (desc[size - 1] !== 0) return { kind: "corrupt", decoder: "core-file", reason: "Malformed note - does not end with \\0" };
  const r = new Reader(desc, le, is64);
  const count = r.word(0);
  const pageSize = r.word(w);
  // count * 3w must fit in the descriptor after the header (no allocation by count).
  if (count > BigInt(Math.floor((size - 2 * w) / (3 * w)))) {
    return { kind: "corrupt", decoder: "core-file", reason: "Malformed note - too short for supplied file count" };
  }
  const n = Number(count);
  const files: CoreMappedFile[] = [];
  let names = 2 * w + n * 3 * w;
  for (let i = 0; i < n; i++) {
    if (names === size) return { kind: "core-file", pageSize, files, reason: "Malformed note - filenames end too early" };
    const at = 2 * w + i * 3 * w;
    // The last byte is NUL (checked above), so every path ends inside the descriptor.
    const nul = desc.indexOf(0, names);
    files.push({ start: r.word(at), end: r.word(at + w), fileOffset: r.word(at + 2 * w), path: byteString(desc, names, nul) });
    names = nul + 1;
  }
  return { kind: "core-file", pageSize, files, reason: null };
}
