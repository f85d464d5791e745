/**
 * The core reads through a synchronous `ByteSource`; a browser reads a
 * `File` or a URL only asynchronously. They meet here, without the core
 * knowing: the page runs the core over a {@link SparseSource} that holds the
 * ranges fetched so far. A read of a range it does not hold is recorded and
 * throws {@link Miss}; {@link withBytes} then fetches every recorded range
 * and runs the same computation again, until one run completes without a
 * miss. Reading is lazy in the core (header, then tables, then notes), so
 * each run gets a little further and the page reads only what the core
 * asked for, which is what the CLI reads.
 *
 * The misses are recorded, not only thrown, because a miss can be caught on
 * its way out (a `catch {}` in the core that turns any failure into "no
 * data"): a run with a recorded miss is never trusted, whatever it returned.
 *
 * To keep the number of runs small, {@link prefetchTables} fetches the
 * program and section header tables as soon as the header is known, and
 * {@link prefetchNotes} every note container at once: a typical binary opens
 * in four or five rounds of reads.
 */
import { openElf, type ByteSource, type ElfFile } from "../index.js";
import type { RangeReader } from "./ranges.js";

/** Thrown by {@link SparseSource.read} for bytes not fetched yet. */
export class Miss extends Error {
  constructor(readonly offset: number, readonly length: number) {
    super(`bytes [${offset}, +${length}) not fetched yet`);
    this.name = "Miss";
  }
}

/** Fetched bytes: disjoint, non-adjacent runs in file order. */
interface Run {
  readonly start: number;
  readonly bytes: Uint8Array;
}

/** A synchronous byte source over the ranges fetched so far. */
export class SparseSource implements ByteSource {
  readonly size: number;
  #runs: Run[] = [];
  #misses: [number, number][] = [];

  constructor(size: number) {
    this.size = size;
  }

  read(offset: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const run = this.#runAt(offset);
    if (run && offset + length <= run.start + run.bytes.length) {
      return run.bytes.subarray(offset - run.start, offset - run.start + length);
    }
    this.#misses.push([offset, length]);
    throw new Miss(offset, length);
  }

  /** The parts of `[start, end)` not held, in order. */
  gaps(start: number, end: number): [number, number][] {
    const out: [number, number][] = [];
    let at = start;
    for (const r of this.#runs) {
      const rEnd = r.start + r.bytes.length;
      if (rEnd <= at) continue;
      if (r.start >= end) break;
      if (r.start > at) out.push([at, r.start]);
      at = Math.max(at, rEnd);
      if (at >= end) break;
    }
    if (at < end) out.push([at, end]);
    return out;
  }

  /** The misses recorded since the last call, and forgets them. */
  takeMisses(): [number, number][] {
    const m = this.#misses;
    this.#misses = [];
    return m;
  }

  /** Adds fetched bytes at `start`, merged with the runs they touch (so a read across two fetches is one view). */
  add(start: number, bytes: Uint8Array): void {
    const end = start + bytes.length;
    const touching = this.#runs.filter((r) => r.start <= end && r.start + r.bytes.length >= start);
    const others = this.#runs.filter((r) => !touching.includes(r));
    let s = start;
    let e = end;
    for (const r of touching) {
      s = Math.min(s, r.start);
      e = Math.max(e, r.start + r.bytes.length);
    }
    const merged = new Uint8Array(e - s);
    for (const r of touching) merged.set(r.bytes, r.start - s);
    merged.set(bytes, start - s);
    others.push({ start: s, bytes: merged });
    this.#runs = others.sort((a, b) => a.start - b.start);
  }

  /** The run holding byte `offset` (binary search). */
  #runAt(offset: number): Run | undefined {
    let lo = 0;
    let hi = this.#runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.#runs[mid]!;
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.start + r.bytes.length) lo = mid + 1;
      else return r;
    }
    return undefined;
  }
}

/**
 * Reads are rounded out to 4 KiB pages: the small reads the core makes one
 * after another (a table, then the strings beside it) then usually hit
 * bytes already fetched, at the cost of a few KiB.
 */
const PAGE = 4096;
/**
 * At most this many bytes are fetched for one file: a hostile header can
 * claim note sections of any size up to the file's, and the page would
 * otherwise try to hold them all in memory.
 */
export const MAX_FETCH = 256 * 1024 * 1024;
/** At most this many runs of one computation (each fetches what the last one missed). */
const MAX_ROUNDS = 64;

/** Fetches `ranges` (page-rounded, clamped to the file) that `source` does not hold, in parallel. */
export async function fetchRanges(source: SparseSource, reader: RangeReader, ranges: Iterable<readonly [number, number]>): Promise<void> {
  const wanted: [number, number][] = [];
  for (const [offset, length] of ranges) {
    if (!(offset >= 0 && length > 0 && offset < source.size)) continue;
    const start = Math.floor(offset / PAGE) * PAGE;
    const end = Math.min(source.size, Math.ceil(Math.min(offset + length, source.size) / PAGE) * PAGE);
    wanted.push(...source.gaps(start, end));
  }
  // Merge overlapping and adjacent ranges, so that no byte is asked for twice.
  wanted.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of wanted) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push(w);
  }
  const total = merged.reduce((n, [s, e]) => n + e - s, 0);
  if (reader.bytesRead + total > MAX_FETCH) {
    throw new Error(`the file asks for more than ${MAX_FETCH / 1024 / 1024} MiB of headers and notes; the page reads at most that much`);
  }
  const parts = await Promise.all(merged.map(async ([s, e]) => [s, await reader.read(s, e - s)] as const));
  for (const [s, bytes] of parts) source.add(s, bytes);
}

/**
 * Runs `compute` over a fresh `ElfFile` of `source` until a run reads only
 * bytes that `source` holds, fetching what each run missed. What `compute`
 * throws in a complete run (an `ElfError` of the file) is thrown.
 *
 * @throws {Error} also when the file needs more rounds or bytes than the
 *   page allows ({@link MAX_FETCH}), or a read of `reader` fails.
 */
export async function withBytes<T>(source: SparseSource, reader: RangeReader, compute: (file: ElfFile) => T): Promise<T> {
  for (let round = 0; ; round++) {
    let result: T | undefined;
    let failure: unknown = null;
    let failed = false;
    try {
      // A fresh ElfFile each run: nothing the core cached from a run that missed is kept.
      result = compute(openElf(source));
    } catch (e) {
      failed = true;
      failure = e;
    }
    const misses = source.takeMisses();
    if (misses.length === 0) {
      if (failed) throw failure;
      return result as T;
    }
    if (round >= MAX_ROUNDS) throw new Error(`the file needed more than ${MAX_ROUNDS} rounds of reads; giving up`);
    await fetchRanges(source, reader, misses);
  }
}

/**
 * What every file needs first: its header, program headers and section
 * headers (each table only when the header places it inside the file; the
 * core reports the ones that are not). Returns nothing: the bytes go to `source`.
 */
export async function prefetchTables(source: SparseSource, reader: RangeReader): Promise<void> {
  await fetchRanges(source, reader, [[0, 64]]);
  let header;
  try {
    header = openElf(source).header;
  } catch (e) {
    if (e instanceof Miss) throw e; // cannot happen: 64 bytes are held (or the whole file)
    return; // not ELF: the caller's run reports it
  }
  // Only tables whose entries have the class's size: a hostile e_shentsize
  // times e_shnum could name most of the file, and the core refuses such a
  // table anyway (what it does read, it reads through withBytes).
  const [phent, shent] = header.class === 64 ? [56, 64] : [32, 40];
  const ranges: [number, number][] = [];
  if (header.phentsize === phent) ranges.push([Number(header.phoff), header.phnum * phent]);
  if (header.shentsize === shent) ranges.push([Number(header.shoff), header.shnum * shent]);
  await fetchRanges(source, reader, ranges);
}

/** Fetches every note container of `file` (SHT_NOTE sections, or PT_NOTE segments) in one round. */
export async function prefetchNotes(source: SparseSource, reader: RangeReader): Promise<void> {
  const containers = await withBytes(source, reader, (file) => file.noteContainers(() => {}));
  await fetchRanges(source, reader, containers.map((c) => [c.offset, c.size] as const));
}
