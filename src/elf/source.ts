/**
 * Byte sources: where the parser gets its bytes.
 *
 * The parser never holds "the file". It asks a {@link ByteSource} for the byte
 * ranges it needs, in a fixed order (ident, header, section headers, `.shstrtab`,
 * then only the wanted sections), so a 1 GB binary costs what its headers and
 * notes cost. In memory a read is a zero-copy `subarray`; the Node entry
 * provides a source that does positional `fs.readSync` calls.
 */
import { ElfError, hex } from "./errors.js";

/** A synchronous, positional byte source. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Returns exactly `length` bytes starting at `offset`. Callers check the range
   * against `size` first (see {@link readRange}); a source may throw if they don't.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * Optional: reads exactly `length` bytes at `offset` into `into[0, length)`
   * (callers check the range first, as for `read`). A source that copies
   * (a file) offers this so that a big range can be read in chunks through
   * one reused buffer, in bounded memory (see `elf/note-chunks.ts`). Sources
   * over memory leave it out (their `read` copies nothing).
   */
  readInto?(offset: number, length: number, into: Uint8Array): void;
}

/**
 * A source over bytes already in memory; reads are zero-copy views.
 *
 * The memory can change under it: a resizable `ArrayBuffer` (or growable
 * `SharedArrayBuffer`) can shrink, and any buffer can be detached
 * (transferred to a worker). A read of bytes that are no longer there is an
 * `ElfError` (`TRUNCATED`, or `BAD_INPUT` for a detached buffer), never a
 * `RangeError` or `TypeError` from deep in the parser. Over a resizable
 * buffer reads are copies, so that what was read stays valid when it
 * shrinks; over any other buffer they are views, and detaching it while its
 * file is in use is the caller's doing (later reads fail as above).
 */
export function bytesSource(bytes: Uint8Array): ByteSource {
  const buffer = bytes.buffer as { resizable?: boolean; growable?: boolean };
  const copy = buffer.resizable === true || buffer.growable === true;
  return {
    size: bytes.byteLength,
    read(offset, length) {
      let view: Uint8Array;
      try {
        view = bytes.subarray(offset, offset + length);
      } catch (e) {
        if (e instanceof TypeError) throw new ElfError("BAD_INPUT", `the buffer's memory is gone (${e.message})`, offset);
        throw e;
      }
      if (view.length !== length) {
        throw new ElfError("TRUNCATED", `bytes [${hex(offset)}, +${hex(length)}) are gone: the buffer shrank to ${hex(bytes.length)} bytes`, offset);
      }
      return copy ? view.slice() : view;
    },
  };
}

/** A source that counts what is read through it (for tests and the bench). */
export interface CountingSource extends ByteSource {
  /** Total bytes returned by `read` (or read by `readInto`) so far. */
  readonly bytesRead: number;
  /** Number of `read` and `readInto` calls so far. */
  readonly reads: number;
}

/** Wraps `inner`, counting bytes and calls. */
export function countingSource(inner: ByteSource): CountingSource {
  let bytesRead = 0;
  let reads = 0;
  return {
    size: inner.size,
    get bytesRead() {
      return bytesRead;
    },
    get reads() {
      return reads;
    },
    read(offset, length) {
      bytesRead += length;
      reads += 1;
      return inner.read(offset, length);
    },
    ...(inner.readInto
      ? {
        readInto(offset: number, length: number, into: Uint8Array): void {
          bytesRead += length;
          reads += 1;
          inner.readInto!(offset, length, into);
        },
      }
      : {}),
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Narrows a file offset or size from the model (`bigint`) to a `number` that can
 * index the source. Values above `Number.MAX_SAFE_INTEGER` cannot be in any file
 * we can read, so they are an `OUT_OF_RANGE` error.
 *
 * @throws {ElfError} `OUT_OF_RANGE` when `value` is above 2^53 - 1.
 */
export function toOffset(value: bigint, what: string, at: number): number {
  if (value > MAX_SAFE) {
    throw new ElfError("OUT_OF_RANGE", `${what} ${hex(value)} is too large`, at, value);
  }
  return Number(value);
}

/**
 * Reads `[offset, offset + length)` from `source` after checking that the range
 * lies inside it. The check is written so that it cannot overflow.
 *
 * @throws {ElfError} `code` (default `TRUNCATED`) when the range is outside the
 *   source, or `offset`/`length` is not a non-negative safe integer.
 */
export function readRange(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  code: "TRUNCATED" | "BAD_SECTION" | "BAD_SEGMENT" = "TRUNCATED",
): Uint8Array {
  checkRange(source, offset, length, what, code);
  return source.read(offset, length);
}

/**
 * The check of {@link readRange}, without the read.
 *
 * @throws {ElfError} `code` when the range is outside the source.
 */
export function checkRange(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  code: "TRUNCATED" | "BAD_SECTION" | "BAD_SEGMENT" = "TRUNCATED",
): void {
  // isSafeInteger also refuses NaN and fractions, which would pass the comparisons below.
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) ||
      offset < 0 || length < 0 || offset > source.size || length > source.size - offset) {
    throw new ElfError(
      code,
      `${what} [${hex(offset)}, +${hex(length)}) extends past the end of the file (size ${hex(source.size)})`,
      offset,
      length,
    );
  }
}

/**
 * Reads a table of `count` entries of `entsize` bytes at `offset`, checking
 * `count × entsize ≤ size − offset` (in a form that cannot overflow) before
 * anything is read or allocated, so an untrusted count cannot size a buffer.
 *
 * @throws {ElfError} `code` when the table does not fit in the source.
 */
export function readTable(
  source: ByteSource,
  offset: number,
  count: number,
  entsize: number,
  what: string,
  code: "BAD_SECTION" | "BAD_SEGMENT",
): Uint8Array {
  if (count > Math.floor((source.size - Math.min(offset, source.size)) / entsize)) {
    throw new ElfError(code, `${what} (${count} x ${entsize} bytes at ${hex(offset)}) extends past the end of the file`, offset, count);
  }
  return readRange(source, offset, count * entsize, what, code);
}
