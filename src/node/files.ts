/**
 * Files: positional reads through a file descriptor, so only the byte ranges
 * the parser asks for are ever read. Node-only (part of the Node entry).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { kMaxLength } from "node:buffer";
import { ElfError, hex } from "../elf/errors.js";
import { ElfFile } from "../elf/file.js";
import type { FileHeader } from "../elf/header.js";
import { ELFMAG as ELF_MAGIC } from "../elf/constants.js";
import type { ByteSource } from "../elf/source.js";
import { listProbes, type ProbeFilter, type ProbeList } from "../stapsdt/list.js";
import { PageCache, readUpTo, SMALL } from "./pages.js";

/** A byte source over an open file descriptor. Call `close()` when done. */
export interface FileSource extends ByteSource {
  readonly path: string;
  /** Device and inode of the open file (tell the same file under two paths apart). */
  readonly dev: bigint;
  readonly ino: bigint;
  close(): void;
}

/**
 * A buffer for one read. A range can be inside the file and still too large to
 * hold: a sparse file of a few bytes on disk can claim a note section of 5 GiB.
 * Node cannot allocate more than `kMaxLength` bytes at once (4 GiB in Node 20),
 * and an allocation can fail for want of memory; both are an `OUT_OF_RANGE`
 * ElfError, so callers report them like any other bad range.
 */
function allocate(offset: number, length: number): Buffer {
  const fail = (): ElfError =>
    new ElfError("OUT_OF_RANGE", `cannot read ${hex(length)} bytes at once (too large to hold in memory)`, offset, length);
  if (length > kMaxLength) throw fail();
  try {
    return Buffer.allocUnsafe(length);
  } catch (e) {
    if (e instanceof RangeError) throw fail();
    throw e;
  }
}


/** Reads `[offset, offset + length)` of `fd` into `into[0, length)`. */
function readFully(fd: number, offset: number, length: number, into: Uint8Array): void {
  const done = readUpTo(fd, offset, length, into);
  if (done < length) shrank(offset + done);
}

function shrank(at: number): never {
  throw new ElfError("TRUNCATED", `file ended after ${at} bytes (it shrank while being read)`, at);
}


/**
 * What a read of a closed source throws, as Node would for the descriptor.
 * It must not reach the file: the number may name another file by now, and
 * the scratch buffer another source.
 */
function closedError(path: string): Error {
  return Object.assign(new Error(`EBADF: bad file descriptor, read (${path} was closed)`), { code: "EBADF" });
}

/** The source over an open `fd` of `size` bytes, with its page cache. */
class OpenFile implements FileSource {
  readonly path: string;
  readonly size: number;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly #fd: number;
  readonly #pages: PageCache;
  #closed = false;

  constructor(fd: number, path: string, size: number, dev: bigint, ino: bigint, pages: PageCache) {
    this.#fd = fd;
    this.path = path;
    this.size = size;
    this.dev = dev;
    this.ino = ino;
    this.#pages = pages;
  }

  read(offset: number, length: number): Uint8Array {
    if (this.#closed) throw closedError(this.path);
    if (length > SMALL) {
      const buf = allocate(offset, length);
      readFully(this.#fd, offset, length, buf);
      return buf;
    }
    const pages = this.#pages;
    const end = offset + length;
    let slot = pages.find(offset, end);
    if (slot < 0) {
      slot = pages.fill(offset, length, this.size);
      if (!pages.holds(slot, offset, end)) shrank(offset);
    }
    return pages.copy(slot, offset, end);
  }

  readInto(offset: number, length: number, into: Uint8Array): void {
    if (this.#closed) throw closedError(this.path);
    readFully(this.#fd, offset, length, into);
  }

  close(): void {
    if (!this.#closed) {
      this.#closed = true;
      this.#pages.release();
      closeSync(this.#fd);
    }
  }
}

/** `fstat` of an open file that must be a regular one: its size, device and inode. */
function regularFile(fd: number): { size: number; dev: bigint; ino: bigint } {
  // Numbers, which are cheaper to make than bigints (a scan opens thousands
  // of files); a device or inode number past 2^53 is read again exactly.
  const st = fstatSync(fd);
  if (!st.isFile()) {
    const kind = st.isDirectory() ? "a directory"
      : st.isFIFO() ? "a FIFO"
      : st.isCharacterDevice() || st.isBlockDevice() ? "a device"
      : st.isSocket() ? "a socket" : "a special file";
    throw Object.assign(new Error(`is ${kind}, not a regular file`), { code: "ENOTREG" });
  }
  if (Number.isSafeInteger(st.dev) && Number.isSafeInteger(st.ino)) {
    return { size: st.size, dev: BigInt(st.dev), ino: BigInt(st.ino) };
  }
  const exact = fstatSync(fd, { bigint: true });
  return { size: st.size, dev: exact.dev, ino: exact.ino };
}

/**
 * Opens `path` for positional reads.
 *
 * Only regular files are accepted: a FIFO, a device such as `/dev/zero` or a
 * directory would block, never end, or has no bytes. The file is opened with
 * `O_NONBLOCK` so that even a path swapped for a FIFO after the check cannot
 * hang the open.
 *
 * @throws OS errors as Node raises them (`ENOENT`, `EACCES`, `ELOOP`, ...), and
 *   an `Error` with code `ENOTREG` for anything that is not a regular file.
 */
export function openFileSource(path: string): FileSource {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const { size, dev, ino } = regularFile(fd);
    return new OpenFile(fd, path, size, dev, ino, PageCache.open(fd));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * Opens `path` as {@link openFileSource} does when its first bytes are the
 * ELF magic, and returns `null` (having closed it) when they are not. For the
 * scan of a tree, where most files are not ELF: those cost one open, one
 * read of the first pages and one close (no `fstat`), and the pages read
 * serve the ELF header, program headers and leading notes of those that are.
 *
 * @throws as {@link openFileSource}, for ELF files that are not regular files.
 */
export function openElfSource(path: string): FileSource | null {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const pages = PageCache.open(fd);
  try {
    // The size is not known yet: the pages read end where the file does.
    if (pages.elfMagic(pages.fill(0, ELF_MAGIC.length, Infinity))) {
      const { size, dev, ino } = regularFile(fd);
      return new OpenFile(fd, path, size, dev, ino, pages);
    }
  } catch (e) {
    pages.release();
    closeSync(fd);
    throw e;
  }
  pages.release();
  closeSync(fd);
  return null;
}

/**
 * Runs `fn` with the file at `path` open as a byte source, closing it
 * afterwards (a scan looks at the first bytes of files before taking them
 * for ELF files).
 */
export function withFileSource<T>(path: string, fn: (source: FileSource) => T): T {
  const source = openFileSource(path);
  try {
    return fn(source);
  } finally {
    source.close();
  }
}

/**
 * Runs `fn` with the ELF file at `path`, closing the file afterwards.
 *
 * @throws {ElfError} when the file is not ELF or its header is broken; OS errors as raised.
 */
export function withElfFile<T>(path: string, fn: (file: ElfFile) => T): T {
  const source = openFileSource(path);
  try {
    return fn(ElfFile.open(source));
  } finally {
    source.close();
  }
}

/** The probes of the ELF file at `path`, with its header. */
export interface FileProbes extends ProbeList {
  readonly path: string;
  readonly header: FileHeader;
}

/**
 * Lists the SDT probes of the file at `path`, or those whose provider and
 * name match `filter` (globs, as `listProbes` takes them).
 *
 * @throws {ElfError} when the file is not ELF or its header or section table is
 *   unusable; OS errors as raised. Problems with single notes are `warnings`.
 */
export function listFileProbes(path: string, filter: ProbeFilter = {}): FileProbes {
  return withElfFile(path, (file) => ({ path, header: file.header, ...listProbes(file, filter) }));
}

/**
 * The bytes of standard input, read to its end (`stapsdt-ls -`, as in
 * `curl -s URL | stapsdt-ls -`). A pipe cannot be read at offsets, so the
 * image is held whole: memory is the size of the image. A terminal is
 * refused rather than waited on.
 *
 * @throws an error with code `EISTTY` when stdin is a terminal,
 *   `OUT_OF_RANGE` past what Node can hold, OS errors as raised.
 */
export function readStdin(): Uint8Array {
  // process.stdin is made on first use (it loads Node's stream modules): only here.
  if (process.stdin.isTTY === true) throw Object.assign(new Error("standard input is a terminal, not an ELF image"), { code: "EISTTY" });
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      // A non-blocking pipe with nothing in it yet: wait a little and read again.
      if ((e as { code?: unknown }).code === "EAGAIN") {
        Atomics.wait(PAUSE, 0, 0, 5);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > kMaxLength) throw new ElfError("OUT_OF_RANGE", "standard input holds more than can be read into memory", total);
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** What {@link readStdin} waits on between reads of an empty non-blocking pipe. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
