/**
 * The `readelf -n` text of a stapsdt note, written straight from the note's
 * bytes: the note that fills big files (100,000 probes make 100,000 notes).
 *
 * ```
 *   stapsdt              0x00000033\tNT_STAPSDT (SystemTap probe descriptors)
 *     Provider: python
 *     Name: audit
 *     Location: 0x000000000042512a, Base: 0x00000000008cc5a0, Semaphore: 0x0000000000a84276
 *     Arguments: 8@%rbx 8@%r15
 * ```
 *
 * The strings are found by the decoder's framing rule (`stapsdtStrings` in
 * stapsdt/note.ts) and copied as stored (readelf prints them with `%s`, raw).
 * The words are printed as readelf's `%0*lx` prints them, 2 hex digits per
 * byte from the most significant byte (the last in little-endian files), so
 * no number is built.
 *
 * The body ({@link writeStapsdtBody}) is printed for every stapsdt note whose
 * strings are terminated, whatever its type; {@link writeStapsdtNote} also
 * writes the first line of the common case (owner bytes exactly `stapsdt\0`,
 * type 3), which is the same with and without `-W` (the owner column is
 * padded to 20, never cut), so that the printer makes no object for it.
 */
import { stapsdtStrings, STRINGS_OK } from "../../stapsdt/note.js";
import { HEX_DIGITS, latin1Bytes, type ByteSink } from "../sink.js";

/** NT_STAPSDT. */
const NT_STAPSDT = 3;

/** The first line of a type-3 `stapsdt` note; the data size's 8 digits are written over the zeros. */
const HEAD = latin1Bytes("  stapsdt              0x00000000\tNT_STAPSDT (SystemTap probe descriptors)\n");
const HEAD_DIGITS = 25;
const HEAD_EOL = HEAD.length - 1;

const PROVIDER = latin1Bytes("    Provider: ");
const NAME = latin1Bytes("\n    Name: ");
/**
 * The line of the three words and the start of the next, for 2w-digit words
 * (w = 8, 4): the digits are written over the zeros, at 17 (location),
 * 27 + 2w (base) and 42 + 4w (semaphore).
 */
const wordsText = (w: number): Uint8Array => {
  const z = "0".repeat(2 * w);
  return latin1Bytes(`\n    Location: 0x${z}, Base: 0x${z}, Semaphore: 0x${z}\n    Arguments: `);
};
const WORDS_64 = wordsText(8);
const WORDS_32 = wordsText(4);

/** The NULs of the strings of the note being printed (see `stapsdtStrings`). */
const ENDS = new Int32Array(3);

/** What {@link writeStapsdtNote} did. */
export const NOTE_NOT_TAKEN = 0;
/** Printed; readelf reports success for the note. */
export const NOTE_PRINTED = 1;
/** Printed, but the descriptor has bytes after the arguments' NUL: readelf fails the note (exit status 1). */
export const NOTE_PRINTED_TRAILING = 2;

/**
 * Appends the whole `readelf -n` text of the note at `data[at]` when it is
 * a type-3 note owned by `stapsdt\0` with terminated strings, else nothing.
 * The arguments are those a note walk gives (`walkNotes`): the note, its
 * owner and descriptor lie inside `data`.
 *
 * @param is64 the file's class (word size 8, else 4).
 * @param le the file's byte order.
 * @param wide `-W`: the body starts on the note's line, after a TAB.
 * @returns {@link NOTE_NOT_TAKEN} (nothing written), {@link NOTE_PRINTED} or
 *   {@link NOTE_PRINTED_TRAILING}.
 */
export function writeStapsdtNote(
  out: ByteSink, data: Uint8Array, at: number, namesz: number, descsz: number, type: number, descAt: number,
  is64: boolean, le: boolean, wide: boolean,
): number {
  if (namesz !== 8 || type !== NT_STAPSDT) return NOTE_NOT_TAKEN;
  const o = at + 12;
  // "stapsdt\0"
  if (data[o] !== 0x73 || data[o + 1] !== 0x74 || data[o + 2] !== 0x61 || data[o + 3] !== 0x70 ||
      data[o + 4] !== 0x73 || data[o + 5] !== 0x64 || data[o + 6] !== 0x74 || data[o + 7] !== 0) {
    return NOTE_NOT_TAKEN;
  }
  const w = is64 ? 8 : 4;
  if (stapsdtStrings(data, descAt, descsz, w, ENDS) !== STRINGS_OK) return NOTE_NOT_TAKEN;
  room(out, HEAD.length);
  const buf = out.buffer;
  const p = out.position;
  buf.set(HEAD, p);
  // descsz < 2^32: 8 digits.
  for (let s = 28, d = p + HEAD_DIGITS; s >= 0; s -= 4) buf[d++] = HEX_DIGITS[(descsz >>> s) & 0xf]!;
  if (wide) buf[p + HEAD_EOL] = 0x09;
  out.commit(p + HEAD.length);
  return writeBody(out, data, descAt, descsz, w, le) ? NOTE_PRINTED : NOTE_PRINTED_TRAILING;
}

/**
 * Appends the body of a stapsdt note of any type (from `    Provider: ` to
 * the newline after the arguments) when its strings are terminated.
 *
 * @returns {@link NOTE_NOT_TAKEN} (nothing written: the caller reports the
 *   note as corrupt), {@link NOTE_PRINTED} or {@link NOTE_PRINTED_TRAILING}.
 */
export function writeStapsdtBody(out: ByteSink, data: Uint8Array, descAt: number, descsz: number, is64: boolean, le: boolean): number {
  const w = is64 ? 8 : 4;
  const found = stapsdtStrings(data, descAt, descsz, w, ENDS);
  if (found !== STRINGS_OK) return NOTE_NOT_TAKEN;
  return writeBody(out, data, descAt, descsz, w, le) ? NOTE_PRINTED : NOTE_PRINTED_TRAILING;
}

/** The body, with the strings' NULs in `ENDS`; returns false when bytes follow the arguments. */
function writeBody(out: ByteSink, data: Uint8Array, descAt: number, descsz: number, w: number, le: boolean): boolean {
  const p1 = ENDS[0]!;
  const p2 = ENDS[1]!;
  const p3 = ENDS[2]!;
  out.bytes(PROVIDER);
  out.range(data, descAt + 3 * w, p1);
  out.bytes(NAME);
  out.range(data, p1 + 1, p2);
  const words = w === 8 ? WORDS_64 : WORDS_32;
  room(out, words.length);
  const buf = out.buffer;
  const p = out.position;
  buf.set(words, p);
  word(buf, p + 17, data, descAt, w, le);
  word(buf, p + 27 + 2 * w, data, descAt + w, w, le);
  word(buf, p + 42 + 4 * w, data, descAt + 2 * w, w, le);
  out.commit(p + words.length);
  out.range(data, p2 + 1, p3);
  out.byte(0x0a);
  return p3 + 1 === descAt + descsz;
}

/** Flushes `out` unless `n` more bytes fit in its buffer. */
function room(out: ByteSink, n: number): void {
  if (out.position + n > out.buffer.length) out.flush();
}

/** Writes the `w`-byte word at `data[q]` as 2w hex digits at `buf[p]`, most significant byte first. */
function word(buf: Uint8Array, p: number, data: Uint8Array, q: number, w: number, le: boolean): void {
  for (let k = 0; k < w; k++) {
    const b = data[le ? q + w - 1 - k : q + k]!;
    buf[p++] = HEX_DIGITS[b >> 4]!;
    buf[p++] = HEX_DIGITS[b & 0xf]!;
  }
}
