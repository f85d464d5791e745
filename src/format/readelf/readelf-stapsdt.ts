/**
 * The `readelf -n` text of a well-formed NT_STAPSDT note, written straight
 * from the note's bytes: the fast path of the printer (`readelf.ts`) for the
 * note that fills big files (100,000 probes make 100,000 notes).
 *
 * ```
 *   stapsdt              0x00000033\tNT_STAPSDT (SystemTap probe descriptors)
 *     Provider: python
 *     Name: audit
 *     Location: 0x000000000042512a, Base: 0x00000000008cc5a0, Semaphore: 0x0000000000a84276
 *     Arguments: 8@%rbx 8@%r15
 * ```
 *
 * The generic path decodes each note into objects (a `Note`, a descriptor with
 * three bigints and three strings, a `DecodedNote`) and prints those; here
 * nothing is made per note. Everything but the descriptor size, the three
 * words and the three strings is constant: the owner column of `stapsdt` is
 * the same with and without `-W` (padded to 20, never cut), the type is 3, so
 * the description is always `NT_STAPSDT (...)`. The words are printed as
 * readelf's `%0*lx` prints them, 2 hex digits per byte from the most
 * significant byte (the last in little-endian files), so no number is built;
 * the strings are copied as stored (readelf prints them with `%s`, raw).
 *
 * Only notes whose text is certainly the generic path's take this path: owner
 * bytes exactly `stapsdt\0` (namesz 8), type 3, descsz at least three words
 * and at most {@link FAST_MAX_DESCSZ}, and three NULs inside the descriptor
 * after the words. Everything else (other owners and types, corrupt stapsdt
 * notes with their diagnostics) is the caller's to print the generic way.
 */
import { latin1Bytes } from "../sink.js";
import { HEX_DIGITS, type ByteSink } from "../sink.js";

/** NT_STAPSDT. */
const NT_STAPSDT = 3;

/**
 * The largest descriptor printed here (the text must fit the sink's buffer at
 * once; real descriptors are under 1 KiB). Larger ones take the generic path.
 */
export const FAST_MAX_DESCSZ = 1 << 16;

/**
 * Bound on the text beyond the descriptor's length: each string byte is
 * printed once, each word byte as 2 digits (3w more), plus ~160 fixed bytes.
 */
const FIXED_TEXT = 256;


/**
 * The note's first line and the start of the body: `  stapsdt` padded to the
 * owner column, the data size (its 8 digits written over the zeros), the
 * description, `\n` (TAB with `-W`), `    Provider: `.
 */
const HEAD = latin1Bytes("  stapsdt              0x00000000\tNT_STAPSDT (SystemTap probe descriptors)\n    Provider: ");
const HEAD_DIGITS = 25;
const HEAD_EOL = 74;
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

/** What {@link writeStapsdtNote} did. */
export const FAST_NOT_TAKEN = 0;
/** Printed; readelf reports success for the note. */
export const FAST_PRINTED = 1;
/** Printed, but the descriptor has bytes after the arguments' NUL: readelf fails the note (exit status 1). */
export const FAST_PRINTED_TRAILING = 2;
/** Nothing written: not enough room left in the sink's buffer; flush it and call again. */
export const FAST_NO_ROOM = 3;

/**
 * Appends the `readelf -n` text of the note at `data[at]` to `out` when it is
 * a well-formed NT_STAPSDT note (see the module comment), else appends nothing.
 * The arguments are those a note walk gives (`walkNotes`): the note, its
 * owner and descriptor lie inside `data`.
 *
 * @param is64 the file's class (word size 8, else 4).
 * @param le the file's byte order.
 * @param wide `-W`: the body starts on the note's line, after a TAB.
 * @returns {@link FAST_NOT_TAKEN} (nothing written), {@link FAST_PRINTED},
 *   {@link FAST_PRINTED_TRAILING} or {@link FAST_NO_ROOM} (nothing written).
 * @throws nothing.
 */
export function writeStapsdtNote(
  out: ByteSink, data: Uint8Array, at: number, namesz: number, descsz: number, type: number, descAt: number,
  is64: boolean, le: boolean, wide: boolean,
): number {
  if (namesz !== 8 || type !== NT_STAPSDT || descsz > FAST_MAX_DESCSZ) return FAST_NOT_TAKEN;
  const o = at + 12;
  // "stapsdt\0"
  if (data[o] !== 0x73 || data[o + 1] !== 0x74 || data[o + 2] !== 0x61 || data[o + 3] !== 0x70 ||
      data[o + 4] !== 0x73 || data[o + 5] !== 0x64 || data[o + 6] !== 0x74 || data[o + 7] !== 0) {
    return FAST_NOT_TAKEN;
  }
  const w = is64 ? 8 : 4;
  if (descsz < 3 * w) return FAST_NOT_TAKEN;
  const end = descAt + descsz;
  // The text is written past the sink's end and committed only when the
  // three strings turn out to be terminated: one pass over their bytes.
  const buf = out.buffer;
  let p = out.position;
  // Without room the caller flushes and calls again: a flush here, never run
  // before the function is optimized, would throw its optimized code away
  // (V8 has no feedback for the call) at the first full buffer.
  if (p + descsz + FIXED_TEXT > buf.length) return FAST_NO_ROOM;
  // Constant text as three native copies of templates (a loop per byte costs
  // more, most of all before the function is optimized); digits written over.
  buf.set(HEAD, p);
  // descsz < 2^32: 8 digits.
  for (let s = 28, d = p + HEAD_DIGITS; s >= 0; s -= 4) buf[d++] = HEX_DIGITS[(descsz >>> s) & 0xf]!;
  if (wide) buf[p + HEAD_EOL] = 0x09;
  p += HEAD.length;
  let i = descAt + 3 * w;
  let q = 0;
  q = copyString(buf, p, data, i, end);
  if (q < 0) return FAST_NOT_TAKEN;
  i += q - p + 1;
  p = q;
  buf.set(NAME, p);
  p += NAME.length;
  q = copyString(buf, p, data, i, end);
  if (q < 0) return FAST_NOT_TAKEN;
  i += q - p + 1;
  p = q;
  const words = is64 ? WORDS_64 : WORDS_32;
  buf.set(words, p);
  word(buf, p + 17, data, descAt, w, le);
  word(buf, p + 27 + 2 * w, data, descAt + w, w, le);
  word(buf, p + 42 + 4 * w, data, descAt + 2 * w, w, le);
  p += words.length;
  q = copyString(buf, p, data, i, end);
  if (q < 0) return FAST_NOT_TAKEN;
  i += q - p + 1;
  p = q;
  buf[p++] = 0x0a;
  out.commit(p);
  return i === end ? FAST_PRINTED : FAST_PRINTED_TRAILING;
}

/**
 * Copies the string at `data[i]` up to its NUL (not included) to `buf[p]`;
 * returns the end in `buf`, or -1 when no NUL comes before `end`. Tested
 * with `>=`: a size check weakened by mistake then ends the loop all the same.
 */
function copyString(buf: Uint8Array, p: number, data: Uint8Array, i: number, end: number): number {
  for (;;) {
    if (i >= end) return -1;
    const c = data[i++]!;
    if (c === 0) return p;
    buf[p++] = c;
  }
}

/** Writes the `w`-byte word at `data[q]` as 2w hex digits at `buf[p]`, most significant byte first. */
function word(buf: Uint8Array, p: number, data: Uint8Array, q: number, w: number, le: boolean): void {
  for (let k = 0; k < w; k++) {
    const b = data[le ? q + w - 1 - k : q + k]!;
    buf[p++] = HEX_DIGITS[b >> 4]!;
    buf[p++] = HEX_DIGITS[b & 0xf]!;
  }
}
