/**
 * Interning of the strings that repeat across the probes of one file.
 *
 * Most probes of a file share their provider (`python`, `hotspot`) and many
 * share their argument string (libjvm: 531 probes, 128 distinct argument
 * strings). Cutting a new string for each probe costs an object per probe that
 * lives as long as the probe, and a new argument string must be hashed again
 * for the argument parser's memo. The decoder hashes the bytes while it looks
 * for the NULs anyway, so it asks the interner first: one lookup by that hash,
 * one comparison of the bytes, and the string from an earlier probe is reused.
 */

import type { Reader } from "../elf/reader.js";
import { asciiText } from "../elf/strings.js";

/** Entries kept before the table starts over (bounds memory on hostile files). */
const LIMIT = 4096;

/** FNV-1a (32-bit) offset basis and prime, applied to 32-bit words and tail bytes (see {@link scanString}). */
const HASH_START = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** What {@link scanString} found besides the NUL: a hash of the string's bytes, and their OR. */
export class StringScan {
  hash = 0;
  /** The bytes OR'ed together (in words): `high & 0x80808080` is non-zero when a byte is >= 0x80. */
  high = 0;

  /** Whether a byte of the last string scanned was >= 0x80. */
  get nonAscii(): boolean {
    return (this.high & 0x80808080) !== 0;
  }
}

/**
 * Finds the NUL that ends the string at `r.bytes[start]`, before `end`, and
 * hashes the string's bytes into `out`; returns the NUL's index, or -1.
 *
 * Four bytes at a time (unaligned little-endian words through the region's
 * `DataView`): `(v - 0x01010101) & ~v & 0x80808080` is non-zero exactly when
 * a byte of `v` is zero, so whole words are hashed and OR'ed until the word
 * that holds the NUL, whose bytes are taken one by one. Words start at the
 * string's first byte, so equal strings hash equally wherever they lie.
 * About three times fewer steps than a byte loop, which is most of decoding
 * a descriptor.
 */
export function scanString(r: Reader, start: number, end: number, out: StringScan): number {
  const view = r.view;
  const bytes = r.bytes;
  let h = HASH_START;
  let high = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const v = view.getUint32(i, true);
    if (((v - 0x01010101) & ~v & 0x80808080) !== 0) break;
    high |= v;
    h = Math.imul(h ^ v, FNV_PRIME);
  }
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      out.hash = h;
      out.high = high;
      return i;
    }
    high |= b;
    h = Math.imul(h ^ b, FNV_PRIME);
  }
  out.high = high;
  return -1;
}

/**
 * The {@link scanString} hash of a string's UTF-16 units taken as bytes: for
 * an ASCII string, the hash `scanString` gives its bytes in a note (which
 * are NUL-terminated with more bytes after them, so every whole word of the
 * string is hashed as a word). Strings that are not ASCII hash
 * deterministically too, but match no note bytes.
 */
export function hashString(s: string): number {
  let h = HASH_START;
  const n = s.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    h = Math.imul(h ^ v, FNV_PRIME);
  }
  for (; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** An interned string and a copy of its bytes, compared four at a time. */
interface Entry {
  readonly s: string;
  readonly view: DataView;
}

/** Strings (and the `base` word) that repeat across the probes of one file. */
export class StringInterner {
  #base: bigint = 0n;

  /**
   * `r.word(off)`, returning the bigint of the previous call when the value
   * is the same: the `base` field, which is one value for all probes of a file.
   */
  word(r: Reader, off: number): bigint {
    const v = r.word(off);
    if (v === this.#base) return this.#base;
    this.#base = v;
    return v;
  }

  readonly #map = new Map<number, Entry>();
  /**
   * Mixed into the keys: V8 hashes a number key without a seed, so strings
   * made for their hashes to fill one bucket of the map would make every
   * lookup walk up to LIMIT entries; with a seed nobody knows, they spread.
   */
  readonly #seed = (Math.random() * 0x40000000) | 0;

  /**
   * The string of `r.bytes[start, end)`, all ASCII; `hash` is its
   * {@link scanString} hash. A new string is decoded from its own bytes (not
   * cut from the region's text, which a renderer that copies bytes never needs).
   */
  get(r: Reader, start: number, end: number, hash: number): string {
    const key = (hash ^ this.#seed) & 0x3fffffff;
    const seen = this.#map.get(key);
    if (seen !== undefined && seen.s.length === end - start && sameBytes(seen.view, r.view, start)) return seen.s;
    return this.#add(r, start, end, key, seen === undefined);
  }

  /**
   * A string whose bytes `get` has not seen (kept out of `get`, which then
   * compiles small and soon): decoded, or the equal one `text` was given.
   */
  #add(r: Reader, start: number, end: number, key: number, keep: boolean): string {
    const s = this.text(asciiText(r.bytes.subarray(start, end)));
    if (keep) {
      if (this.#map.size >= LIMIT) this.#map.clear();
      // A copy of its own: the region may be a Uint8Array subclass whose `slice` shares memory.
      const copy = new Uint8Array(end - start);
      copy.set(r.bytes.subarray(start, end));
      this.#map.set(key, { s, view: new DataView(copy.buffer) });
    }
    return s;
  }

  readonly #texts = new Map<string, string>();

  /**
   * `s`, or the string equal to it that this interner gave before (from
   * `get` or `text`): the strings a small region's probes are read as
   * (`ProbeCursor`), by their contents. V8 hashes string keys with a seed.
   */
  text(s: string): string {
    const seen = this.#texts.get(s);
    if (seen !== undefined) return seen;
    if (this.#texts.size >= LIMIT) this.#texts.clear();
    this.#texts.set(s, s);
    return s;
  }
}

/** Whether `a` (all of it) equals `b` from `start`, four bytes at a time. */
function sameBytes(a: DataView, b: DataView, start: number): boolean {
  const n = a.byteLength;
  let i = 0;
  for (; i + 4 <= n; i += 4) if (a.getUint32(i, true) !== b.getUint32(start + i, true)) return false;
  for (; i < n; i++) if (a.getUint8(i) !== b.getUint8(start + i)) return false;
  return true;
}
