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

/**
 * FNV-1a (32-bit) offset basis and prime: the decoder hashes the bytes of a
 * string with `h = HASH_START`, then `h = Math.imul(h ^ byte, FNV_PRIME)` per byte.
 */
export const HASH_START = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

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

  // Keyed by the hash cut to 30 bits so that keys stay small integers (Smis:
  // no boxed number per lookup). A collision just means no interning.
  readonly #map = new Map<number, string>();

  /**
   * The string of `bytes[start, end)`, all ASCII; `hash` is the FNV-1a hash
   * of those bytes. A new string is decoded from its own bytes (not cut from
   * the region's text, which a renderer that copies bytes never needs).
   */
  get(bytes: Uint8Array, start: number, end: number, hash: number): string {
    const key = hash & 0x3fffffff;
    const seen = this.#map.get(key);
    if (seen !== undefined && seen.length === end - start && sameBytes(seen, bytes, start)) return seen;
    const s = asciiText(bytes.subarray(start, end));
    if (seen === undefined) {
      if (this.#map.size >= LIMIT) this.#map.clear();
      this.#map.set(key, s);
    }
    return s;
  }
}

function sameBytes(s: string, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
