/**
 * NUL-terminated strings inside byte regions (string tables, note names, probe
 * descriptors).
 *
 * Names in ELF files are bytes, almost always ASCII. The fast path builds ASCII
 * strings directly; anything else is decoded as UTF-8 with replacement
 * characters, never throwing.
 */

let utf8: { decode(input: Uint8Array): string } | undefined;

/**
 * Index of the first NUL in `bytes[start, end)`, or -1 when there is none.
 * Never looks at bytes at or after `end` (a plain `indexOf` would scan on to
 * the end of the buffer).
 */
export function findNul(bytes: Uint8Array, start: number, end: number): number {
  if (start < 0) start = 0;
  if (end > bytes.length) end = bytes.length;
  if (end - start <= 32) {
    for (let i = start; i < end; i++) if (bytes[i] === 0) return i;
    return -1;
  }
  const i = bytes.subarray(start, end).indexOf(0);
  return i < 0 ? -1 : start + i;
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

/** What {@link pickLatin1} uses of Node's byte buffer class. */
interface NodeBufferLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: "latin1"): string };
}

/**
 * The fastest whole-region decoder the runtime has. Node's byte buffers (a
 * global class there, used when present, never imported: the core runs in
 * browsers too) copy bytes to characters about ten times faster than
 * `TextDecoder("latin1")`, which goes through ICU in Node 20.
 */
function pickLatin1(): (bytes: Uint8Array) => string {
  const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;
  if (NodeBuffer !== undefined && typeof NodeBuffer.from === "function") {
    return (b) => NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
  }
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

/**
 * A string table (`SHT_STRTAB` contents) with checked lookups.
 *
 * Every table a linker writes is ASCII: it is decoded once, whole (one native
 * call, {@link asciiText}), and a name is a `substring` up to the next NUL,
 * which the engine shares with the table's string rather than copies.
 *
 * Hostile tables are the reason this is more than `cString`: section headers
 * may all name offsets inside one long run of bytes without a NUL until its
 * end, and looking for each name's NUL on its own would cost the run's length
 * per header (gigabytes for a megabyte file). So the searches share a budget
 * of a few times the table's size; past it, the NUL positions are found once
 * and each name's NUL is a binary search away. (The budget only chooses how
 * the same NUL is found: every lookup gives the same answer either way.)
 *
 * A table with other bytes decodes its names as UTF-8: each run (the bytes
 * between two NULs) once, and a name that starts inside an ASCII run is a
 * slice of that run's string. A name inside a non-ASCII run must be decoded
 * on its own, since byte and character offsets differ; those fresh decodings
 * have a budget of a few times the table size, after which such names are
 * `null` (unresolved). Linkers share suffixes (`.rela.text` / `.text`), so
 * names inside runs are normal; non-ASCII names are not.
 */
export class StringTable {
  readonly bytes: Uint8Array;
  /** The table as text, one character per byte (built on first lookup). */
  #text: string | undefined;
  #ascii: boolean | undefined;
  /** Sorted positions of every NUL in the table (built when the searches' budget is spent, or for a non-ASCII table). */
  #nuls: number[] | undefined;
  /** Decoded runs of a non-ASCII table, by the index of their terminating NUL. */
  #runs: Map<number, { text: string; ascii: boolean }> | undefined;
  /** What is left of the budget for decoding non-ASCII names, and for searching for NULs one name at a time. */
  #budget: number;
  #search: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#budget = 4 * bytes.length + 4096;
    this.#search = 4 * bytes.length + 4096;
  }

  #textOf(): string {
    return (this.#text ??= asciiText(this.bytes));
  }

  /** True when every byte of the table is below 0x80 (every name then resolves the same, whenever asked). */
  get ascii(): boolean {
    // asciiText maps every byte from 0x80 up to a character from 0x80 up.
    return (this.#ascii ??= !NON_ASCII.test(this.#textOf()));
  }

  /** True when `index` is in the table and a NUL follows it there: when an ASCII table's `get` gives a string. */
  has(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.bytes.length) return false;
    // A table that ends with a NUL (every table a linker writes) terminates
    // every string in it.
    if (this.bytes[this.bytes.length - 1] === 0) return true;
    return this.#nulFrom(index) >= 0;
  }

  /**
   * True when the string at `index` is `name`: `get(index) === name`,
   * without making the string (a lookup by name reads every header's name).
   */
  is(index: number, name: string): boolean {
    if (!this.ascii || name.includes("\0")) return this.get(index) === name;
    if (!Number.isInteger(index) || index < 0) return false;
    const end = index + name.length;
    return end < this.bytes.length && this.bytes[end] === 0 && this.#textOf().startsWith(name, index);
  }

  /** The string at `index`, or `null` when `index` is out of range, unterminated or over the budget. */
  get(index: number): string | null {
    const bytes = this.bytes;
    if (!Number.isInteger(index) || index < 0 || index >= bytes.length) return null;
    if (this.ascii) {
      const nul = this.#nulFrom(index);
      return nul < 0 ? null : this.#textOf().substring(index, nul);
    }
    const nuls = (this.#nuls ??= nulPositions(this.#textOf()));
    const lo = firstAtOrAfter(nuls, index);
    if (lo === nuls.length) return null;
    const nul = nuls[lo]!;
    if (nul - index <= 16) return decodeString(bytes, index, nul); // short: no sharing needed
    const runStart = lo === 0 ? 0 : nuls[lo - 1]! + 1;
    const runs = (this.#runs ??= new Map());
    let run = runs.get(nul);
    if (!run) {
      run = { text: decodeString(bytes, runStart, nul), ascii: isAscii(bytes, runStart, nul) };
      runs.set(nul, run);
    }
    if (index === runStart) return run.text;
    if (run.ascii) return run.text.slice(index - runStart);
    if (nul - index > this.#budget) return null;
    this.#budget -= nul - index;
    return decodeString(bytes, index, nul);
  }

  /** The first NUL at or after `index` (in the table), or -1. */
  #nulFrom(index: number): number {
    const text = this.#textOf();
    if (this.#nuls === undefined) {
      const nul = text.indexOf("\0", index);
      this.#search -= (nul < 0 ? text.length : nul) - index;
      if (this.#search >= 0) return nul;
      this.#nuls = nulPositions(text);
    }
    const lo = firstAtOrAfter(this.#nuls, index);
    return lo === this.#nuls.length ? -1 : this.#nuls[lo]!;
  }
}

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The index in `sorted` (ascending) of the first value at or after `x`, or
 * `sorted.length` when there is none (binary search): with NUL positions,
 * the NUL that ends the string at `x`.
 */
export function firstAtOrAfter(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every NUL's position in `text` (a table decoded one character per byte). */
function nulPositions(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf("\0"); i >= 0; i = text.indexOf("\0", i + 1)) out.push(i);
  return out;
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}
