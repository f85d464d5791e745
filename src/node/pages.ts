/**
 * The page runs of an open file: small reads answered from the aligned pages
 * around them, read once per file into a scratch buffer, and handed out as
 * copies (see {@link PageCache}). Node-only, used by src/node/files.ts.
 */
import { readSync } from "node:fs";
import { hasElfMagic } from "../elf/header.js";
import { ELFMAG as ELF_MAGIC } from "../elf/constants.js";

/** The most bytes asked of one `readSync` (Node takes a length below 2^31). */
const MAX_READ = 1 << 30;

/**
 * Reads `[offset, offset + length)` of `fd` into `into[at, at + length)`;
 * returns the bytes read. Reads again after a short read only until `need`
 * bytes are in (a short read of a regular file is its end: asking again
 * would cost a system call that returns nothing), or the file ends.
 */
export function readUpTo(fd: number, offset: number, length: number, into: Uint8Array, at = 0, need = length): number {
  let done = 0;
  while (done < need) {
    const n = readSync(fd, into, at + done, Math.min(length - done, MAX_READ), offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Small reads are served from whole pages, read once per file, as stdio's
 * buffer would serve them: the parser asks for a header of 64 bytes, then a
 * table of program headers just after it and notes a few hundred bytes on;
 * at the end of the file, the section-name table that GNU ld, gold, lld and
 * objcopy all write just before the section header table. One read of the
 * aligned pages around each place (a `PAGE` either side) answers them all,
 * where a read per range costs a system call and a buffer each: that was
 * most of the cost of a file without probes in a scan of thousands.
 *
 * The pages are read into a scratch buffer that the source owns and never
 * lends out: `read` returns a copy of the range asked for (a small one,
 * carved from a shared block: see `carve`), so that the scratch can serve
 * the next file once this one is closed, whatever the caller still holds. A read
 * of more than `SMALL` bytes (a big note section) goes to the file as asked,
 * into a buffer of its own.
 */
const PAGE = 4096;
export const SMALL = 4 * PAGE;
/** The most bytes one page run can span: `SMALL` widened to pages, plus a page either side. */
const RUN = SMALL + 3 * PAGE;
/** Page runs a source keeps (the newest replaces the oldest). */
const KEPT = 4;

/**
 * The copies `read` returns are carved one after another out of a shared
 * block of `COPY_POOL` bytes, as Node's `Buffer.allocUnsafe` carves small
 * buffers out of its pool (and with the same cost in memory: a copy kept
 * keeps its block), without the layers of Node's buffer code around each
 * one: a typical ELF file without probes takes five or six copies, and a
 * scan meets thousands of such files. Bytes once carved are never handed out
 * again; a copy over `COPY_POOL / 8` bytes has a buffer of its own.
 */
const COPY_POOL = 64 << 10;
let pool = new ArrayBuffer(0);
let poolUsed = 0;

function carve(length: number): Uint8Array {
  if (length > COPY_POOL >>> 3) return new Uint8Array(length);
  if (length > pool.byteLength - poolUsed) {
    pool = new ArrayBuffer(COPY_POOL);
    poolUsed = 0;
  }
  const out = new Uint8Array(pool, poolUsed, length);
  poolUsed += length;
  return out;
}

/**
 * Page caches of closed sources, for the next sources to take (up to
 * `SPARES`): a scan opens thousands of files, most of which are not ELF and
 * are closed after their first read, and a cache is a scratch buffer of
 * `KEPT * RUN` bytes and two small arrays.
 */
const SPARES = 4;
const spares: PageCache[] = [];

/** The page runs of one open file, in a scratch buffer of `KEPT` slots of `RUN` bytes. */
export class PageCache {
  #fd = -1;
  readonly #scratch = new Uint8Array(KEPT * RUN);
  /** Per slot: file offset of its first byte, and its length (0: empty). */
  readonly #start = new Array<number>(KEPT).fill(0);
  readonly #length = new Array<number>(KEPT).fill(0);
  #next = 0;
  #released = true;

  private constructor() {}

  /** A cache for the open file `fd`, empty: a spare one when there is one. */
  static open(fd: number): PageCache {
    const pages = spares.pop() ?? new PageCache();
    pages.#fd = fd;
    pages.#next = 0;
    pages.#released = false;
    return pages;
  }

  /**
   * Reads the aligned pages around `[offset, offset + length)`, no further
   * than `limit` (the file size, when known), into the next slot; returns the
   * slot. The slot holds fewer bytes when the file ends sooner.
   */
  fill(offset: number, length: number, limit: number): number {
    const start = Math.max(0, (Math.floor(offset / PAGE) - 1) * PAGE);
    const end = Math.min(limit, (Math.ceil((offset + length) / PAGE) + 1) * PAGE);
    const slot = this.#next;
    this.#next = (slot + 1) % KEPT;
    this.#start[slot] = start;
    this.#length[slot] = readUpTo(this.#fd, start, end - start, this.#scratch, slot * RUN, Math.min(end, offset + length) - start);
    return slot;
  }

  /** The slot that holds all of `[offset, end)`, or -1. */
  find(offset: number, end: number): number {
    for (let slot = 0; slot < KEPT; slot++) {
      const start = this.#start[slot]!;
      if (offset >= start && end <= start + this.#length[slot]!) return slot;
    }
    return -1;
  }

  /** Whether `slot` holds all of `[offset, end)`. */
  holds(slot: number, offset: number, end: number): boolean {
    const start = this.#start[slot]!;
    return offset >= start && end <= start + this.#length[slot]!;
  }

  /** Whether `slot` holds the file's first four bytes and they are the ELF magic. */
  elfMagic(slot: number): boolean {
    return this.holds(slot, 0, ELF_MAGIC.length) && hasElfMagic(this.#scratch, slot * RUN);
  }

  /** A copy of `[offset, end)` from `slot`, which must hold them. */
  copy(slot: number, offset: number, end: number): Uint8Array {
    const at = slot * RUN - this.#start[slot]!;
    const out = carve(end - offset);
    out.set(this.#scratch.subarray(at + offset, at + end));
    return out;
  }

  /** Gives the cache back, empty, for another file to take (no view of its scratch has left this module); once. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#fd = -1;
    this.#length.fill(0);
    if (spares.length < SPARES) spares.push(this);
  }
}
