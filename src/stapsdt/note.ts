/**
 * SystemTap SDT probe descriptors: the `stapsdt` note.
 *
 * A program built with `<sys/sdt.h>` (CPython `--with-dtrace`, PostgreSQL,
 * the JVM, libstdc++, ...) marks each static probe site with a `nop` and records
 * it in a note in the non-allocated section `.note.stapsdt`:
 *
 * ```
 * $ readelf -n /usr/bin/python3.11
 * Displaying notes found in: .note.stapsdt
 *   Owner                Data size 	Description
 *   stapsdt              0x00000033	NT_STAPSDT (SystemTap probe descriptors)
 *     Provider: python
 *     Name: audit
 *     Location: 0x000000000042512a, Base: 0x00000000008cc5a0, Semaphore: 0x0000000000a84276
 *     Arguments: 8@%rbx 8@%r15
 * ```
 *
 * The note has owner `"stapsdt"` (namesz 8) and type 3 (`NT_STAPSDT`). Its
 * descriptor is three address-sized words (4 bytes in ELFCLASS32, 8 in
 * ELFCLASS64, in the file's byte order, unaligned since the descriptor starts
 * at note + 20) followed by three NUL-terminated strings:
 *
 * | field      | meaning                                                          |
 * |------------|------------------------------------------------------------------|
 * | location   | link-time address of the probe's `nop`                           |
 * | base       | link-time address of `_.stapsdt.base` when the note was written  |
 * | semaphore  | link-time address of a 2-byte enable counter, or 0               |
 * | provider   | e.g. `python`                                                    |
 * | name       | e.g. `function__entry`                                           |
 * | arguments  | e.g. `8@%rbp 8@%r12 -4@%eax` (`[-]size[f]@operand`, may be "")   |
 *
 * `base` exists because the note is not allocated: prelink (or any tool that
 * moves sections after linking) does not rewrite it. The one-byte section
 * `.stapsdt.base` is the witness; see `probes.ts` for the adjustment.
 *
 * We decode with the file's class and byte order (libbpf uses the host's; we
 * inspect foreign binaries), and we are as strict as gdb on the framing of the
 * three strings, but lenient like readelf on trailing bytes: they are reported,
 * and the probe is kept.
 */
import { ElfError, hex } from "../elf/errors.js";
import type { Reader } from "../elf/reader.js";
import { decodeString } from "../elf/strings.js";

/** The owner name of SDT notes. */
export const STAPSDT_OWNER = "stapsdt";

/** The raw contents of one `stapsdt` descriptor. */
export interface StapsdtDescriptor {
  readonly location: bigint;
  readonly base: bigint;
  readonly semaphore: bigint;
  readonly provider: string;
  readonly name: string;
  /** The argument string, verbatim ("" when the probe has none). */
  readonly arguments: string;
  /** Bytes after the arguments' NUL and before `descsz` (0 in well-formed notes). */
  readonly trailing: number;
}

/**
 * What {@link stapsdtStrings} found: the three strings are NUL-terminated
 * inside the descriptor ({@link STRINGS_OK}), or the descriptor is shorter
 * than three words ({@link STRINGS_TOO_SMALL}), or a string has no NUL: the
 * provider (-2), the name (-3) or the arguments ({@link STRINGS_UNTERMINATED} - 2).
 */
export const STRINGS_OK = 0;
export const STRINGS_TOO_SMALL = -1;
export const STRINGS_UNTERMINATED = -2;

/**
 * The framing rule of a descriptor, for every reader of stapsdt notes (the
 * probe decoder below and the `readelf -n` text): finds the NULs that end
 * the provider, the name and the arguments of the descriptor at
 * `bytes[start, start + size)` (`w`-byte words), and writes their indexes to
 * `ends[0..2]`.
 *
 * The NULs are found with `indexOf`, one call per string rather than a
 * step per byte (a command that lists one file runs this only a few hundred
 * times, before any of it is compiled). A search that finds no NUL inside the
 * descriptor goes on only to the next zero byte after it, which the next
 * note's header holds (its `namesz` is below 2^24), so a walk over a
 * container looks at each byte a bounded number of times.
 *
 * @returns {@link STRINGS_OK}, {@link STRINGS_TOO_SMALL}, or
 *   {@link STRINGS_UNTERMINATED} minus the index of the string without NUL.
 */
export function stapsdtStrings(bytes: Uint8Array, start: number, size: number, w: number, ends: Int32Array): number {
  if (size < 3 * w) return STRINGS_TOO_SMALL;
  const end = start + size;
  let from = start + 3 * w;
  for (let k = 0; k < 3; k++) {
    const nul = from < end ? bytes.indexOf(0, from) : -1;
    if (nul < 0 || nul >= end) return STRINGS_UNTERMINATED - k;
    ends[k] = nul;
    from = nul + 1;
  }
  return STRINGS_OK;
}

/** `stapsdtStrings`' output for the decoder (decoding is synchronous: one is enough). */
const ENDS = new Int32Array(3);

/**
 * Decodes the descriptor at `r.bytes[start, start + size)`.
 *
 * When no byte of the three strings is >= 0x80 (the norm), they are
 * `substring`s of the region's text (`Reader.text`, decoded once per region),
 * which costs no decoding per probe; otherwise they are decoded as UTF-8.
 *
 * @param r a reader over the note container, built with the file's byte order and class.
 * @param fileOffset file offset of the descriptor, for errors.
 * @throws {ElfError} `BAD_PROBE` when the descriptor is shorter than three words,
 *   a string is not NUL-terminated inside it, or `[start, start + size)` is not
 *   inside the reader's bytes.
 */
export function decodeStapsdt(r: Reader, start: number, size: number, fileOffset: number): StapsdtDescriptor {
  const w = r.wordSize;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(size) || start < 0 || size < 0 || size > r.length - start) {
    throw outside(start, size, fileOffset);
  }
  const bytes = r.bytes;
  const found = stapsdtStrings(bytes, start, size, w, ENDS);
  if (found === STRINGS_TOO_SMALL) throw tooSmall(size, w, fileOffset);
  const p0 = start + 3 * w;
  if (found !== STRINGS_OK) throw unterminated(STRINGS_UNTERMINATED - found, p0, fileOffset - start);
  const p1 = ENDS[0]!;
  const p2 = ENDS[1]!;
  const p3 = ENDS[2]!;
  const location = r.word(start);
  const base = r.word(start + w);
  const semaphore = r.word(start + 2 * w);
  const trailing = start + size - p3 - 1;
  if (!asciiRange(bytes, p0, p3)) return nonAscii(bytes, p0, p1, p2, p3, location, base, semaphore, trailing);
  const text = r.text;
  return {
    location,
    base,
    semaphore,
    provider: text.substring(p0, p1),
    name: text.substring(p1 + 1, p2),
    arguments: text.substring(p2 + 1, p3),
    trailing,
  };
}

/** Whether every byte of `bytes[start, end)` is below 0x80. */
function asciiRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function outside(start: number, size: number, fileOffset: number): ElfError {
  // Any number may come from a caller: negative ones as -0x.., fractions as they are.
  const n = (x: number): string => (!Number.isSafeInteger(x) ? String(x) : x < 0 ? `-${hex(-x)}` : hex(x));
  return new ElfError("BAD_PROBE", `stapsdt descriptor [${n(start)}, +${n(size)}) lies outside the note data`, Math.max(0, fileOffset), size);
}

function tooSmall(size: number, w: number, fileOffset: number): ElfError {
  return new ElfError("BAD_PROBE", `stapsdt descriptor of ${hex(size)} bytes is smaller than three ${w}-byte addresses`, fileOffset, size);
}

/** The error for string `k` (0 provider, 1 name, 2 arguments) without NUL, at the offset where it starts. */
function unterminated(k: number, p0: number, toFile: number): ElfError {
  const what = ["provider", "name", "arguments"][k]!;
  const from = k === 0 ? p0 : ENDS[k - 1]! + 1;
  return new ElfError("BAD_PROBE", `stapsdt ${what} string is not NUL-terminated inside the descriptor`, from + toFile);
}

/** A descriptor with a byte >= 0x80 in its strings: decoded as UTF-8. */
function nonAscii(
  bytes: Uint8Array, p0: number, p1: number, p2: number, p3: number,
  location: bigint, base: bigint, semaphore: bigint, trailing: number,
): StapsdtDescriptor {
  return {
    location,
    base,
    semaphore,
    provider: decodeString(bytes, p0, p1),
    name: decodeString(bytes, p1 + 1, p2),
    arguments: decodeString(bytes, p2 + 1, p3),
    trailing,
  };
}
