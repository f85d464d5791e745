/**
 * Walking the notes of a big container in chunks read through one buffer.
 *
 * A container read whole costs a buffer of its size: for the 9.4 MB
 * `.note.stapsdt` of a file with 100,000 probes, 9.4 MB of peak memory and
 * ~8.5 ms of reading, ~6 of them page faults on the fresh memory (the same
 * read into a buffer already written: ~2.5 ms). Read 1 MiB at a time into one
 * buffer, the memory stays bounded (the commands on that file: 8-10 MB less
 * peak RSS; their time did not measurably change).
 *
 * Notes do not respect chunk boundaries, but they start at offsets aligned
 * from the container's start, so a chunk that starts at a note starts aligned
 * and {@link walkNotes} frames it as it would the whole container. When the
 * walk of a chunk that is not the container's last stops at a note that runs
 * past the chunk ("short" or "overrun" framing), the next chunk starts at that
 * note; a note larger than the buffer gets a buffer of its size, up to
 * {@link MAX_NOTE_READ} (a note claiming more that lies inside the container
 * ends the walk with an `OUT_OF_RANGE` error: its size is an untrusted field,
 * and a sparse file can hold a container of gigabytes). Any other end (a
 * framing error in the last chunk, the alignment, {@link MAX_NOTES}) is the
 * container's own, with the same error and offsets as a walk over the whole
 * container. The same notes are visited, in the same order, with offsets
 * relative to the chunk that holds them.
 */
import { ElfError, hex } from "./errors.js";
import { MAX_NOTES, walkNotes, type NoteContainer, type NoteVisitor, type NoteWalkEnd } from "./notes.js";
import type { ByteSource } from "./source.js";

/** Bytes read at a time. */
export const NOTE_CHUNK = 1 << 20;

/** Bytes of the first read (see `walkNoteChunks`). */
const FIRST_CHUNK = 4 << 10;

/**
 * The largest note read whole (64 MiB). Probes, build IDs and the notes of
 * linked files are far smaller; a core's NT_FILE table reaches a few MiB.
 */
export const MAX_NOTE_READ = 64 << 20;

const NOTE_HEADER_SIZE = 12;

const alignUp = (n: number, align: number): number => Math.ceil(n / align) * align;

/**
 * Walks the notes of `container` (whose range lies inside the file: see
 * `ElfFile.noteRegions`) through `source.readInto`, calling `chunk` with each
 * chunk's bytes and file offset before `visit` sees its notes (offsets into
 * that chunk). An `ElfError` from a read (the file shrank) ends the walk as
 * its error; other errors (the operating system's) propagate.
 *
 * @param chunkSize bytes per read ({@link NOTE_CHUNK}; a parameter for tests).
 * @param maxNotes the most notes to walk ({@link MAX_NOTES}; a parameter for tests).
 */
export function walkNoteChunks(
  source: ByteSource,
  container: NoteContainer,
  littleEndian: boolean,
  chunk: (data: Uint8Array, base: number) => void,
  visit: NoteVisitor,
  chunkSize: number = NOTE_CHUNK,
  maxNotes: number = MAX_NOTES,
): NoteWalkEnd {
  const size = container.size;
  let buf = new Uint8Array(Math.min(chunkSize, size));
  // The first chunks are small and double up to `chunkSize`: each chunk's
  // walk ends at a note cut by the chunk, in a branch of walkNotes that a
  // walk over a whole container runs once, at its end. Run early, before V8
  // optimizes the walk, that branch has type feedback; run first after it
  // (the end of a first 1 MiB chunk), it threw the optimized code away, and
  // again at the next chunk: five deoptimizations on a 9.4 MB section.
  let want = Math.min(FIRST_CHUNK, chunkSize);
  let pos = 0;
  let walked = 0;
  for (;;) {
    const length = Math.min(want, buf.length, size - pos);
    want = Math.min(2 * want, buf.length);
    const data = buf.subarray(0, length);
    const base = container.offset + pos;
    try {
      source.readInto!(base, length, data);
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      return { align: 0, error: e, framing: null, walked };
    }
    chunk(data, base);
    const end = walkNotes(data, base, container.align, littleEndian, visit, maxNotes, walked);
    walked = end.walked!;
    const last = pos + length === size;
    if (end.error === null) {
      if (last) return end;
      pos += length;
      continue;
    }
    const f = end.framing;
    if (f === null || (f.kind !== "short" && f.kind !== "overrun")) return end;
    // `at` as a walk over the whole container gives it.
    if (last) return pos === 0 ? end : { ...end, framing: { ...f, at: f.at + pos } };
    if (f.at > 0) {
      pos += f.at;
      continue;
    }
    // A note larger than the chunk, at its start: read again with the whole
    // buffer if the chunk was shorter. Otherwise the note is larger than the
    // buffer (a "short" one only when the buffer is smaller than a header:
    // tests): room for all of it, or for the rest of the container, whose
    // last chunk then reports the overrun as a walk over the whole container
    // would.
    if (length < buf.length) {
      want = buf.length;
      continue;
    }
    const need = f.kind === "overrun"
      ? alignUp(alignUp(NOTE_HEADER_SIZE + f.namesz, f.align) + f.descsz, f.align)
      : NOTE_HEADER_SIZE;
    const room = Math.min(size - pos, Math.max(need, 2 * buf.length));
    if (room > MAX_NOTE_READ) {
      return {
        align: end.align,
        error: new ElfError("OUT_OF_RANGE",
          `note of ${hex(need)} bytes (namesz ${hex(f.kind === "overrun" ? f.namesz : 0)}, descsz ` +
          `${hex(f.kind === "overrun" ? f.descsz : 0)}) is larger than the ${hex(MAX_NOTE_READ)} bytes read at once; ` +
          "the rest of the container is not read", base, need),
        framing: null,
        walked,
      };
    }
    buf = new Uint8Array(room);
    want = room;
  }
}
