/**
 * Byte strings for readelf-exact output.
 *
 * GNU readelf prints owner names, probe strings and paths with `%s`: the bytes
 * of the file go to stdout unchanged. To reproduce that byte for byte, the
 * renderer builds "byte strings" (one UTF-16 unit per byte, 0..255, i.e. latin1)
 * and the command writes them back as latin1. These helpers build such strings
 * and the hex/decimal formats of readelf's `printf` calls.
 */
import { findNul } from "../elf/strings.js";

/** `bytes[start, end)` as a byte string (one char per byte). */
export function byteString(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

/** The C string at `start`: bytes up to the first NUL before `end` (or to `end`). */
export function cByteString(bytes: Uint8Array, start: number, end: number): string {
  if (start >= end) return "";
  // Bounded: a NUL-less table of many names would cost its length per name.
  const nul = findNul(bytes, start, end);
  return byteString(bytes, start, nul < 0 ? end : nul);
}

/** A JS string (possibly with non-latin1 characters) as a byte string: UTF-8 encoded. */
export function utf8ByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Lowercase hex of every byte, no separators (`Build ID: ...`). */
export function hexBytes(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX2[bytes[i]!];
  return s;
}

/** Each byte as `%02x ` (with the trailing space), as readelf's hex dumps print. */
export function hexDump(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX2[bytes[i]!] + " ";
  return s;
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? "0" : "") + i.toString(16));

/** `%0Nx` of a non-negative number or bigint. */
export function hexPad(value: number | bigint, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/** C's `%#x`: `0x` prefix except for zero, which prints `0`. */
export function altHex(value: number | bigint): string {
  return value === 0 || value === 0n ? "0" : "0x" + value.toString(16);
}

/** C's `%d` of a 32-bit value read as unsigned: values >= 2^31 print negative. */
export function int32(value: number): string {
  return String(value | 0);
}

/** C's `%*s`: `s` right-aligned in `width` columns. */
export function rightAlign(s: string, width: number): string {
  return s.length >= width ? s : " ".repeat(width - s.length) + s;
}
