/**
 * The common probe, decoded without bigints, objects or strings.
 *
 * A file of 100,000 probes spends most of a listing on what each probe
 * allocates: the bigints of its seven addresses, the strings, the descriptor
 * and the probe. Nearly every probe of a real file is the easy case: its
 * strings are ASCII and NUL-terminated, its addresses are below 2^53 (exact as
 * doubles), its site lies in the file bytes of an executable PT_LOAD and its
 * semaphore, if any, in those of a writable one. For that case this module
 * computes everything with doubles into one reused {@link ProbeCursor}:
 * renderers write the numbers and copy the strings' bytes from the note
 * without making anything per probe, and `walkProbes` makes the `Probe` (its
 * bigints once each) from the numbers.
 *
 * Everything else (a non-ASCII string, an address at or above 2^53, a prelink
 * delta that wraps, a site or semaphore without file bytes, trailing bytes,
 * a malformed descriptor, more than a few PT_LOADs) takes the general path,
 * `decodeStapsdt` + `makeProbe`, which also writes the warnings. Both paths
 * give the same probes (test/stapsdt/cursor.property.test.ts).
 *
 * The three strings are found one of two ways, by the size of the note
 * container (the walker decides: `walkProbes`). A big one is soon walked by
 * optimized code, where a loop over the bytes, four at a time, that also
 * hashes them (`scanString`) is fastest. A small one, read whole (up to
 * {@link TEXT_REGION_BYTES}; libjvm.so's 531 probes take 52 KB), is walked
 * once, in the interpreter, where that loop costs ~1 µs per 30-byte string;
 * there the region is decoded once as text (one native call), one sticky
 * regular expression per probe finds the three strings and checks them for
 * ASCII in the engine's native code, and the name's hash is computed only
 * if asked for (the streaming table of a big file does).
 */
import { PF, PT } from "../elf/constants.js";
import { asciiText } from "../elf/strings.js";
import type { Reader } from "../elf/reader.js";
import type { ProgramHeader } from "../elf/segments.js";
import type { ProbeArgument } from "./args/types.js";
import { hashString, scanString, type StringInterner, type StringScan } from "./intern.js";
import type { Probe } from "./probes.js";

/** 2^32, and the bound below which a double holds an address exactly. */
const TWO_32 = 2 ** 32;
const EXACT = 2 ** 53;

/** At most this many PT_LOADs are scanned with doubles (real files have 2 to 5). */
const MAX_LOADS = 16;

/** Note containers read whole up to this many bytes have their strings found as text (see the module comment). */
export const TEXT_REGION_BYTES = 256 * 1024;

/**
 * A descriptor's three strings at `lastIndex`: ASCII without NUL (what the
 * word scan accepts), each ending with a NUL. Linear: no character of a
 * string can also be its NUL. A match stops at the first NUL or character
 * above 0x7f, and the header of every note of a region this small holds a
 * zero byte (its `namesz` is below 2^24), so no match runs past the next
 * note's header: a walk matches O(region size) characters in all.
 */
const STRINGS = /([\x01-\x7f]*)\0([\x01-\x7f]*)\0([\x01-\x7f]*)\0/y;

/**
 * The PT_LOAD segments of a file as doubles, for lookups without bigints;
 * `null` from {@link numericLoads} when any value is not exact or there are
 * too many (then every probe takes the general path).
 */
export interface NumericLoads {
  readonly vaddr: Float64Array;
  readonly memsz: Float64Array;
  readonly filesz: Float64Array;
  readonly offset: Float64Array;
  readonly exec: Uint8Array;
  readonly write: Uint8Array;
}

/** The PT_LOADs of `segments`, in table order, as doubles (see {@link NumericLoads}). */
export function numericLoads(segments: readonly ProgramHeader[]): NumericLoads | null {
  const loads = segments.filter((p) => p.type === PT.PT_LOAD);
  if (loads.length > MAX_LOADS) return null;
  const n = loads.length;
  const t: NumericLoads = {
    vaddr: new Float64Array(n), memsz: new Float64Array(n), filesz: new Float64Array(n),
    offset: new Float64Array(n), exec: new Uint8Array(n), write: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = loads[i]!;
    const big = BigInt(EXACT);
    // Ends too: `vaddr + memsz` and `offset + filesz` stay exact below 2^53.
    if (p.vaddr + p.memsz >= big || p.offset + p.filesz >= big) return null;
    t.vaddr[i] = Number(p.vaddr);
    t.memsz[i] = Number(p.memsz);
    t.filesz[i] = Number(p.filesz);
    t.offset[i] = Number(p.offset);
    t.exec[i] = (p.flags & PF.PF_X) !== 0 ? 1 : 0;
    t.write[i] = (p.flags & PF.PF_W) !== 0 ? 1 : 0;
  }
  return t;
}

/**
 * The index of the PT_LOAD holding `vaddr`, preferring (first in table order)
 * one whose `prefer` flag is set, else the first that holds it; -1 if none.
 * As `findLoadSegment`.
 */
function findLoad(t: NumericLoads, vaddr: number, prefer: Uint8Array): number {
  let fallback = -1;
  const n = t.vaddr.length;
  for (let i = 0; i < n; i++) {
    const d = vaddr - t.vaddr[i]!;
    if (d < 0 || d >= t.memsz[i]!) continue;
    if (prefer[i] === 1) return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}

/**
 * One probe of the easy case, as numbers and byte positions. The walker
 * reuses one cursor for every probe: read it during the visit, never keep it.
 * Positions index {@link ProbeCursor.data}, the bytes of the note container.
 */
export class ProbeCursor {
  /** The bytes of the note container, or of the chunk of it being walked (`walkProbes` `stream`). */
  data: Uint8Array = new Uint8Array(0);
  /** File offset of the note header. */
  noteOffset = 0;
  /** `[providerStart, providerEnd)`, `[nameStart, nameEnd)`, `[argsStart, argsEnd)`: the three strings (ASCII). */
  providerStart = 0;
  providerEnd = 0;
  nameStart = 0;
  nameEnd = 0;
  argsStart = 0;
  argsEnd = 0;
  /** The provider and argument strings (interned: one object per distinct text in a file). */
  provider = "";
  arguments = "";
  location = 0;
  base = 0;
  /** 0 when the probe has no semaphore. */
  semaphore = 0;
  address = 0;
  offset = 0;
  /** -1 when the probe has no semaphore (then `semaphoreOffset` is -1 too). */
  semaphoreAddress = -1;
  semaphoreOffset = -1;
  /** Argument parser of the file (memoized: one array per distinct argument text). */
  parseArguments: (text: string) => readonly ProbeArgument[] = () => [];
  #reader: Reader | null = null;
  /** Names asked for in this region so far (see `name`). */
  #names = 0;
  /** This region's strings are found as text (see the module comment). */
  #text = false;
  #nameHash = 0;
  /** Whether `#nameHash` is this probe's (the text mode hashes on demand). */
  #hashed = false;

  /**
   * @internal Called by the walker for each region; `text`: find its strings
   * as text (a small region).
   */
  region(r: Reader, parse: (s: string) => readonly ProbeArgument[], text = false): void {
    this.data = r.bytes;
    this.#reader = r;
    this.parseArguments = parse;
    this.#names = 0;
    this.#text = text;
  }

  /**
   * A 32-bit hash of the name's bytes ({@link scanString}; equal to
   * `hashString(name)`), for renderers that group probes by name.
   */
  get nameHash(): number {
    if (!this.#hashed) {
      this.#nameHash = hashString(this.name);
      this.#hashed = true;
    }
    return this.#nameHash;
  }

  /**
   * The probe name (a new string each call). Unless the region is decoded
   * already (a small one is: see the module comment), the first few names of
   * a region are decoded on their own: a renderer asks for the odd one (a
   * file's first record), and decoding the whole region for it would cost
   * ~8 ms on a 9 MB note section. A caller that asks for every name
   * (`listProbes`) gets the region decoded once, from then on, and
   * substrings of it: one native call per region instead of one per name.
   */
  get name(): string {
    const r = this.#reader!;
    if (this.#names < NAMES_ALONE && !this.#text) {
      this.#names++;
      return asciiText(r.bytes.subarray(this.nameStart, this.nameEnd));
    }
    return r.text.substring(this.nameStart, this.nameEnd);
  }

  /** The parsed arguments (shared, read-only). */
  get args(): readonly ProbeArgument[] {
    return this.parseArguments(this.arguments);
  }

  /**
   * @internal Fills `c` from the stapsdt descriptor at `data[descAt, descAt +
   * descsz)` when the probe is of the easy case (see the module comment);
   * returns false otherwise, leaving the probe to the general path. A static
   * method, as it sets the cursor's private fields; the walker calls it as
   * {@link readProbe}.
   */
  static read(c: ProbeCursor, cx: CursorContext, r: Reader, descAt: number, descsz: number, noteOffset: number): boolean {
    const is64 = cx.is64;
    const w = is64 ? 8 : 4;
    if (descsz < 3 * w) return false;
    const end = descAt + descsz;
    const p0 = descAt + 3 * w;
    const scan = cx.scan;
    let p1: number;
    let p2: number;
    let providerHash = 0;
    let nameHash = 0;
    let m: RegExpExecArray | null = null;
    if (c.#text) {
      // One character per byte: the strings' lengths give the NULs.
      STRINGS.lastIndex = p0;
      m = STRINGS.exec(r.text);
      // No match (a byte above 0x7f, a NUL missing), or one that ends before
      // `end` (trailing bytes) or after it: the general path says what is wrong.
      if (m === null || STRINGS.lastIndex !== end) return false;
      p1 = p0 + m[1]!.length;
      p2 = p1 + 1 + m[2]!.length;
    } else {
      // The three NULs, whether any byte is >= 0x80, the hashes of the
      // provider and the arguments for the interner, and the name's.
      p1 = scanString(r, p0, end, scan);
      if (p1 < 0) return false;
      providerHash = scan.hash;
      let high = scan.high;
      p2 = scanString(r, p1 + 1, end, scan);
      if (p2 < 0) return false;
      nameHash = scan.hash;
      high |= scan.high;
      const p3 = scanString(r, p2 + 1, end, scan);
      // Unterminated, trailing bytes, non-ASCII: the general path says what is wrong.
      if (p3 !== end - 1 || ((high | scan.high) & 0x80808080) !== 0) return false;
    }
    const le = cx.le;
    const view = r.view;
    const location = wordNumber(view, descAt, le, is64);
    const base = wordNumber(view, descAt + w, le, is64);
    const semaphore = wordNumber(view, descAt + 2 * w, le, is64);
    if (location < 0 || base < 0 || semaphore < 0) return false;
    // The prelink rule (probes.ts): a delta only when both bases are non-zero.
    const delta = cx.baseAddress !== 0 && base !== 0 ? cx.baseAddress - base : 0;
    const address = location + delta;
    const limit = is64 ? EXACT : TWO_32;
    if (address < 0 || address >= limit) return false; // wraps (asUintN) or not exact: general path
    const t = cx.loads;
    const text_ = findLoad(t, address, t.exec);
    if (text_ < 0 || address - t.vaddr[text_]! >= t.filesz[text_]!) return false;
    const offset = t.offset[text_]! + (address - t.vaddr[text_]!);
    let semaphoreAddress = -1;
    let semaphoreOffset = -1;
    if (semaphore !== 0) {
      semaphoreAddress = semaphore + delta;
      if (semaphoreAddress < 0 || semaphoreAddress >= limit) return false;
      const s = findLoad(t, semaphoreAddress, t.write);
      // No file bytes, or a read-only segment: the general path warns.
      if (s < 0 || t.write[s] !== 1 || semaphoreAddress - t.vaddr[s]! >= t.filesz[s]!) return false;
      semaphoreOffset = t.offset[s]! + (semaphoreAddress - t.vaddr[s]!);
    }
    const strings = cx.strings;
    c.noteOffset = noteOffset;
    c.providerStart = p0;
    c.providerEnd = p1;
    c.nameStart = p1 + 1;
    c.nameEnd = p2;
    c.#nameHash = nameHash;
    c.#hashed = m === null;
    c.argsStart = p2 + 1;
    c.argsEnd = end - 1;
    c.provider = m === null ? strings.get(r, p0, p1, providerHash) : strings.text(m[1]!);
    c.arguments = m === null ? strings.get(r, p2 + 1, end - 1, scan.hash) : strings.text(m[3]!);
    c.location = location;
    c.base = base;
    c.semaphore = semaphore;
    c.address = address;
    c.offset = offset;
    c.semaphoreAddress = semaphoreAddress;
    c.semaphoreOffset = semaphoreOffset;
    return true;
  }
}

/** {@link ProbeCursor.read}. */
export const readProbe = ProbeCursor.read;

/** How many names of a region {@link ProbeCursor.name} decodes one by one. */
const NAMES_ALONE = 16;

/** What {@link readProbe} needs of a file, beyond the note bytes. */
export interface CursorContext {
  readonly le: boolean;
  readonly is64: boolean;
  readonly loads: NumericLoads;
  /** `ctx.baseAddress` as a double (0 when null or 0: no prelink adjustment). */
  readonly baseAddress: number;
  readonly strings: StringInterner;
  /** Scratch for `scanString`. */
  readonly scan: StringScan;
}

/** An address-sized word as a double, or -1 when it is 2^53 or more. */
function wordNumber(view: DataView, at: number, le: boolean, is64: boolean): number {
  if (!is64) return view.getUint32(at, le);
  const lo = view.getUint32(le ? at : at + 4, le);
  const hi = view.getUint32(le ? at + 4 : at, le);
  return hi >= 0x200000 ? -1 : hi * TWO_32 + lo;
}

/**
 * Makes `Probe`s from cursors, sharing bigints where the values are equal
 * (the `base` of every probe; an offset equal to its address).
 */
export class ProbeMaker {
  #baseNumber = -1;
  #base = 0n;

  /** The probe the cursor describes (its name is cut from `text`). */
  make(c: ProbeCursor): Probe {
    const location = c.location === 0 ? 0n : BigInt(c.location);
    if (c.base !== this.#baseNumber) {
      this.#baseNumber = c.base;
      this.#base = c.base === 0 ? 0n : BigInt(c.base);
    }
    const semaphore = c.semaphore === 0 ? 0n : BigInt(c.semaphore);
    const address = c.address === c.location ? location : BigInt(c.address);
    const offset = c.offset === c.address ? address : BigInt(c.offset);
    let semaphoreAddress: bigint | null = null;
    let semaphoreOffset: bigint | null = null;
    if (c.semaphoreAddress >= 0) {
      semaphoreAddress = c.semaphoreAddress === c.semaphore ? semaphore : BigInt(c.semaphoreAddress);
      semaphoreOffset = c.semaphoreOffset === c.semaphoreAddress ? semaphoreAddress : BigInt(c.semaphoreOffset);
    }
    return {
      location,
      base: this.#base,
      semaphore,
      provider: c.provider,
      name: c.name,
      arguments: c.arguments,
      trailing: 0,
      address,
      offset,
      semaphoreAddress,
      semaphoreOffset,
      noteOffset: c.noteOffset,
      args: c.parseArguments(c.arguments),
    };
  }
}
