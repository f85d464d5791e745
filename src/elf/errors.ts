/**
 * The one error class of the library.
 *
 * Every failure that comes from the bytes of a file (as opposed to the operating
 * system) is an {@link ElfError}: a string-literal `code` a program can switch on,
 * the byte `offset` in the file where the problem was found, and the offending
 * `value` when there is one. Messages follow one pattern, e.g.
 * `invalid note descsz 0x1f4 at byte 0x2a8`. OS errors (ENOENT, EACCES, ...) are
 * not wrapped: they pass through as Node raised them.
 */

/** What went wrong, as a stable code. */
export type ElfErrorCode =
  /** The file does not start with `\x7fELF`. */
  | "NOT_ELF"
  /** The file ends before a structure it declares. */
  | "TRUNCATED"
  /** `e_ident[EI_CLASS]` is neither ELFCLASS32 nor ELFCLASS64. */
  | "BAD_CLASS"
  /** `e_ident[EI_DATA]` is neither ELFDATA2LSB nor ELFDATA2MSB. */
  | "BAD_DATA"
  /** A header field is inconsistent (entry size, version, ...). */
  | "BAD_HEADER"
  /** A section header points outside the file or is inconsistent. */
  | "BAD_SECTION"
  /** A program header points outside the file or is inconsistent. */
  | "BAD_SEGMENT"
  /** A string table offset is out of range or unterminated. */
  | "BAD_STRING"
  /** A note's framing (namesz, descsz, alignment) is broken. */
  | "BAD_NOTE"
  /** A stapsdt descriptor cannot be decoded. */
  | "BAD_PROBE"
  /** A value does not fit where it must go (e.g. an offset above 2^53). */
  | "OUT_OF_RANGE"
  /** A file with probes has no `.stapsdt.base` section (no prelink adjustment possible). */
  | "NO_STAPSDT_BASE"
  /** A probe or semaphore address lies in no PT_LOAD segment backed by file bytes. */
  | "UNMAPPED_ADDRESS"
  /** A `/proc/PID/maps` line or similar text input is malformed. */
  | "BAD_INPUT";

/** Formats a number or bigint as lowercase `0x…` hex. */
export function hex(value: number | bigint): string {
  return "0x" + value.toString(16);
}

/**
 * An error in the contents of an ELF file.
 *
 * `offset` is the file offset of the structure at fault (for an error inside a
 * note, the offset of that note); `value` is the offending field when there is one.
 */
export class ElfError extends Error {
  override readonly name = "ElfError";
  readonly code: ElfErrorCode;
  readonly offset: number;
  readonly value: bigint | number | string | undefined;

  constructor(code: ElfErrorCode, reason: string, offset: number, value?: bigint | number | string) {
    super(`${reason} at byte ${hex(offset)}`);
    this.code = code;
    this.offset = offset;
    this.value = value;
  }
}

/** True when `e` is an {@link ElfError}. */
export function isElfError(e: unknown): e is ElfError {
  return e instanceof ElfError;
}
