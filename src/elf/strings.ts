/**
 * NUL-terminated strings inside byte regions (string tables, note names, probe
 * descriptors).
 *
 * Names in ELF files are bytes, almost always ASCII. The fast path builds ASCII
 * strings directly; anything else is decoded as UTF-8 with replacement
 * characters, never throwing.
 */

let utf8: { decode(input: Uint8Array): string } | undefined;

/** Index of the first NUL in `bytes[start, end)`, or -1 when there is none. */
export function findNul(bytes: Uint8Array, start: number, end: number): number {
  const i = bytes.indexOf(0, start);
  return i >= 0 && i < end ? i : -1;
}

/** Decodes `bytes[start, end)` (no NUL handling). */
export function decodeString(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 0) return "";
  if (n <= 64) {
    let s = "";
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 0x80) return decodeUtf8(bytes, start, end);
      s += String.fromCharCode(c);
    }
    return s;
  }
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decodeUtf8(bytes, start, end);
  // Chunked to stay far below the engine's argument-count limit.
  let s = "";
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  utf8 ??= new TextDecoder("utf-8", { fatal: false });
  return utf8.decode(bytes.subarray(start, end));
}

let latin1: ((bytes: Uint8Array) => string) | undefined;

/**
 * Installs a faster whole-region decoder for {@link asciiText}. The Node entry
 * installs one built on its byte buffers (a straight byte -> char copy, about
 * ten times faster than `TextDecoder("latin1")`, which goes through ICU in
 * Node 20). `decode(bytes)` must return one character per byte, equal to the
 * byte for bytes below 0x80.
 *
 * @internal
 */
export function setAsciiTextDecoder(decode: (bytes: Uint8Array) => string): void {
  latin1 = decode;
}

function pickLatin1(): (bytes: Uint8Array) => string {
  try {
    const d = new TextDecoder("latin1");
    return (bytes) => d.decode(bytes);
  } catch {
    // A runtime without that label: build the string in chunks.
    return (bytes) => {
      let s = "";
      for (let i = 0; i < bytes.length; i += 4096) {
        s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(bytes.length, i + 4096)) as unknown as number[]);
      }
      return s;
    };
  }
}

/**
 * The whole of `bytes` as a string with one character per byte (byte `b` ->
 * a character whose code is `b` for every `b` < 0x80).
 *
 * Decoders of many small strings in one region (a note container with 100,000
 * probe descriptors) decode the region once with this and take `substring`s of
 * the ASCII fields: one native call instead of one per field, and substrings
 * share the region's characters. Only ranges of bytes below 0x80 may be taken
 * this way: the WHATWG "latin1" decoder is windows-1252, which maps some bytes
 * 0x80..0x9f elsewhere; non-ASCII fields go through {@link decodeString}.
 */
export function asciiText(bytes: Uint8Array): string {
  return (latin1 ??= pickLatin1())(bytes);
}

/**
 * The NUL-terminated string at `start`, looked for before `end`.
 * Returns `null` when there is no NUL in range (unterminated string).
 */
export function cString(bytes: Uint8Array, start: number, end: number = bytes.length): string | null {
  if (start < 0 || start >= end) return null;
  const nul = findNul(bytes, start, end);
  return nul < 0 ? null : decodeString(bytes, start, nul);
}

/** A string table (`SHT_STRTAB` contents) with checked lookups. */
export class StringTable {
  constructor(readonly bytes: Uint8Array) {}

  /** The string at `index`, or `null` when `index` is out of range or unterminated. */
  get(index: number): string | null {
    return cString(this.bytes, index, this.bytes.length);
  }
}
