/**
 * `walkNoteChunks` (a container read in chunks through one buffer) against
 * `walkNotes` over the whole container: the same notes, in the same order,
 * with the same bytes and file offsets, and the same end (error message and
 * offset, framing), for any chunk size: well-formed notes of both
 * alignments and byte orders, notes larger than a chunk, a short or
 * overrunning tail, garbage, a bad alignment, and the note limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ElfError } from "../../src/elf/errors.js";
import { MAX_NOTE_READ, walkNoteChunks } from "../../src/elf/note-chunks.js";
import { walkNotes, type NoteContainer, type NoteWalkEnd } from "../../src/elf/notes.js";
import type { ByteSource } from "../../src/elf/source.js";
import { concat, note } from "../helpers/elf-builder.js";

/** A source over `bytes` that offers `readInto` (as a file source does), counting reads. */
function intoSource(bytes: Uint8Array): ByteSource & { reads: number; largest: number } {
  const s = {
    size: bytes.length,
    reads: 0,
    largest: 0,
    read: (offset: number, length: number) => bytes.subarray(offset, offset + length),
    readInto(offset: number, length: number, into: Uint8Array) {
      s.reads++;
      s.largest = Math.max(s.largest, length);
      into.set(bytes.subarray(offset, offset + length));
    },
  };
  return s;
}

interface Seen {
  readonly at: number; // file offset of the note
  readonly namesz: number;
  readonly descsz: number;
  readonly type: number;
  readonly descAt: number; // file offset of the descriptor
  readonly bytes: string; // the note's bytes, hex
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const endOf = (e: NoteWalkEnd): unknown => ({
  align: e.align,
  error: e.error && { code: e.error.code, message: e.error.message, offset: e.error.offset, value: e.error.value },
  framing: e.framing,
});

function whole(data: Uint8Array, c: NoteContainer, le: boolean, maxNotes?: number): { seen: Seen[]; end: unknown } {
  const seen: Seen[] = [];
  const end = walkNotes(data.subarray(c.offset, c.offset + c.size), c.offset, c.align, le, (at, namesz, descsz, type, descAt) => {
    const start = c.offset + at;
    seen.push({ at: start, namesz, descsz, type, descAt: c.offset + descAt, bytes: hexOf(data.subarray(start, c.offset + descAt + descsz)) });
  }, maxNotes);
  return { seen, end: endOf(end) };
}

function chunked(data: Uint8Array, c: NoteContainer, le: boolean, chunkSize: number, maxNotes?: number) {
  const seen: Seen[] = [];
  let chunk: Uint8Array = new Uint8Array(0);
  let base = 0;
  const source = intoSource(data);
  const end = walkNoteChunks(source, c, le, (d, b) => {
    chunk = d;
    base = b;
  }, (at, namesz, descsz, type, descAt) => {
    seen.push({ at: base + at, namesz, descsz, type, descAt: base + descAt, bytes: hexOf(chunk.subarray(at, descAt + descsz)) });
  }, chunkSize, maxNotes);
  return { seen, end: endOf(end), source };
}

/** A note: owner, type and descriptor from the arbitraries, in the container's alignment. */
const noteArb = (le: boolean, align: 4 | 8) => fc.record({
  owner: fc.option(fc.stringMatching(/^[a-zA-Z]{0,9}$/), { nil: null }),
  type: fc.nat(5),
  desc: fc.uint8Array({ maxLength: 90 }),
}).map((n) => note(n.owner, n.type, n.desc, le, align));

/** What may follow the notes: nothing, a few bytes, or a header that claims too much. */
const tailArb = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc.uint8Array({ minLength: 1, maxLength: 11 }),
  fc.uint8Array({ minLength: 12, maxLength: 40 }),
);

const containerArb = fc.tuple(fc.boolean(), fc.constantFrom(4 as const, 8 as const)).chain(([le, align]) =>
  fc.record({
    le: fc.constant(le),
    align: fc.constant(align),
    rawAlign: fc.oneof({ weight: 9, arbitrary: fc.constant(BigInt(align)) }, { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 2n, 16n) }),
    notes: fc.array(noteArb(le, align), { maxLength: 12 }),
    tail: tailArb,
    lead: fc.nat(40),
    chunkSize: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 200 })),
  }));

describe("walkNoteChunks", () => {
  it("visits what walkNotes visits over the whole container, and ends the same way, for any chunk size", () => {
    fc.assert(fc.property(containerArb, (t) => {
      const body = concat(...t.notes, t.tail);
      // The container at an offset in a larger file, with bytes after it.
      const file = concat(new Uint8Array(t.lead).fill(0xee), body, new Uint8Array(16).fill(0xdd));
      const c: NoteContainer = { kind: "section", name: ".note.test", offset: t.lead, size: body.length, align: t.rawAlign };
      const expected = whole(file, c, t.le);
      const got = chunked(file, c, t.le, t.chunkSize);
      expect(got.seen).toEqual(expected.seen);
      expect(got.end).toEqual(expected.end);
    }), { numRuns: 500 });
  });

  it("counts the note limit across chunks", () => {
    fc.assert(fc.property(containerArb, fc.nat(6), (t, maxNotes) => {
      const body = concat(...t.notes, t.tail);
      const c: NoteContainer = { kind: "section", name: null, offset: 0, size: body.length, align: BigInt(t.align) };
      const expected = whole(body, c, t.le, maxNotes);
      const got = chunked(body, c, t.le, t.chunkSize, maxNotes);
      expect(got.seen).toEqual(expected.seen);
      expect(got.end).toEqual(expected.end);
    }), { numRuns: 300 });
  });

  it("reads chunk by chunk, each byte once when no note spans a boundary", () => {
    const notes = Array.from({ length: 64 }, (_, i) => note("stapsdt", 3, new Uint8Array(20).fill(i), true));
    const body = concat(...notes); // 64 notes of 44 bytes
    const c: NoteContainer = { kind: "section", name: null, offset: 0, size: body.length, align: 4n };
    const got = chunked(body, c, true, 44 * 8);
    expect(got.seen.length).toBe(64);
    expect(got.source.reads).toBe(8);
    expect(got.source.largest).toBe(44 * 8);
  });

  it("does not read a note that claims more than MAX_NOTE_READ: the walk ends with OUT_OF_RANGE", () => {
    // A container of 200 MiB on paper (a sparse file): one good note, then a
    // header claiming a 100 MiB descriptor that fits in the container.
    const first = note("GNU", 3, new Uint8Array(20), true);
    const size = 200 << 20;
    const huge = new Uint8Array(12);
    new DataView(huge.buffer).setUint32(0, 4, true);
    new DataView(huge.buffer).setUint32(4, 100 << 20, true);
    const reads: number[] = [];
    const source: ByteSource = {
      size,
      read: () => { throw new Error("not used"); },
      readInto(offset, length, into) {
        reads.push(length);
        into.fill(0, 0, length);
        if (offset === 0) into.set(first.subarray(0, Math.min(first.length, length)));
        const h = first.length - offset;
        if (h >= 0 && h < length) into.set(huge.subarray(0, Math.min(12, length - h)), h);
      },
    };
    const c: NoteContainer = { kind: "section", name: null, offset: 0, size, align: 4n };
    let notes = 0;
    const end = walkNoteChunks(source, c, true, () => {}, () => notes++, 1 << 20);
    expect(notes).toBe(1);
    expect(end.error).toBeInstanceOf(ElfError);
    expect(end.error!.code).toBe("OUT_OF_RANGE");
    expect(end.error!.offset).toBe(first.length);
    expect(end.error!.message).toMatch(/larger than the 0x4000000 bytes read at once/);
    expect(Math.max(...reads)).toBeLessThanOrEqual(MAX_NOTE_READ);
  });

  it("ends with the ElfError of a read that fails (a file that shrank), after the notes read before it", () => {
    const body = concat(...Array.from({ length: 10 }, () => note("stapsdt", 3, new Uint8Array(20), true)));
    let n = 0;
    const source: ByteSource = {
      size: body.length,
      read: () => { throw new Error("not used"); },
      readInto(offset, length, into) {
        if (n++ === 2) throw new ElfError("TRUNCATED", "file ended", offset);
        into.set(body.subarray(offset, offset + length));
      },
    };
    const c: NoteContainer = { kind: "section", name: null, offset: 0, size: body.length, align: 4n };
    let notes = 0;
    const end = walkNoteChunks(source, c, true, () => {}, () => notes++, 88);
    expect(notes).toBe(4);
    expect(end.error!.code).toBe("TRUNCATED");
  });
});
