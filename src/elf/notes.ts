/**
 * The ELF note iterator.
 *
 * A note container (an SHT_NOTE section or a PT_NOTE segment) is a sequence of
 *
 * ```
 *   u32 n_namesz   owner length including its NUL (0 = no owner)
 *   u32 n_descsz   descriptor length, excluding padding
 *   u32 n_type     meaning depends on the owner
 *   owner bytes, padded to the alignment A
 *   desc bytes, padded to A
 * ```
 *
 * in the file's byte order, for ELF32 and ELF64 alike. A is the container's
 * alignment: `sh_addralign` / `p_align` values 0..4 mean 4, 8 means 8, anything
 * else is rejected, as binutils does (readelf, BFD) and as elfutils effectively
 * does. Nearly every note in ELF64 files uses 4 (`.note.gnu.property` uses 8), so
 * the alignment must come from each container, never from the file class.
 *
 * This module knows nothing about note types: it yields owner, type and a view
 * of the descriptor. A framing error (a header that does not fit, a name or
 * padded descriptor that overruns the container) ends that container: the notes
 * before it are kept and the problem is reported next to them, like readelf.
 */
import { ElfError, hex } from "./errors.js";
import { decodeString, findNul } from "./strings.js";
import type { SectionHeader } from "./sections.js";
import type { ProgramHeader } from "./segments.js";

/** Size of the fixed note header (three u32). */
export const NOTE_HEADER_SIZE = 12;

/** Where notes come from: an SHT_NOTE section or a PT_NOTE segment. */
export interface NoteContainer {
  readonly kind: "section" | "segment";
  /** Section name, or `null` for a segment. */
  readonly name: string | null;
  /** File offset of the container's first byte. */
  readonly offset: number;
  /** Size in bytes. */
  readonly size: number;
  /** The raw `sh_addralign` / `p_align`. */
  readonly align: bigint;
  readonly section?: SectionHeader;
  readonly segment?: ProgramHeader;
}

/** One note. The descriptor is a zero-copy view into the container's bytes. */
export class Note {
  /** @internal */
  constructor(
    /** The container's bytes. */
    readonly data: Uint8Array,
    /** File offset of `data[0]`. */
    readonly base: number,
    /** Offset of this note's header within `data`. */
    readonly at: number,
    readonly namesz: number,
    readonly descsz: number,
    readonly type: number,
    /** Owner name without its NUL ("" when namesz is 0). */
    readonly name: string,
    /** Offset of the descriptor within `data`. */
    readonly descAt: number,
  ) {}

  /** File offset of the note header. */
  get offset(): number {
    return this.base + this.at;
  }

  /** File offset of the descriptor. */
  get descOffset(): number {
    return this.base + this.descAt;
  }

  /** The descriptor bytes (a view; `descsz` long). */
  get desc(): Uint8Array {
    return this.data.subarray(this.descAt, this.descAt + this.descsz);
  }

  /** The owner bytes as stored (`namesz` long, including any NUL). */
  get nameBytes(): Uint8Array {
    return this.data.subarray(this.at + NOTE_HEADER_SIZE, this.at + NOTE_HEADER_SIZE + this.namesz);
  }
}

/** Why a container's note list ended early. Offsets are relative to the container. */
export type NoteFraming =
  | { readonly kind: "alignment"; readonly align: bigint }
  | { readonly kind: "short"; readonly at: number; readonly remaining: number }
  | {
      readonly kind: "overrun";
      readonly at: number;
      readonly type: number;
      readonly namesz: number;
      readonly descsz: number;
      readonly align: number;
    };

/** The notes of one container, and the framing problem that ended it, if any. */
export interface NoteList extends NoteWalkEnd {
  readonly notes: Note[];
}

/**
 * The most notes read from one container (4 Mi). A note is 12 bytes in the
 * file but about 100 bytes in memory, so a zero-filled region of a few hundred
 * MB (cheap to make: a sparse file) would otherwise exhaust the heap. Real
 * containers hold far fewer: a binary with 100 000 probes has 100 000 notes, a
 * core of a 100 000-thread process about half a million. Past the limit the
 * list ends with a `BAD_NOTE` error.
 */
export const MAX_NOTES = 1 << 22;

/** `sh_addralign`/`p_align` -> 4 or 8, or 0 when unsupported (binutils' rule). */
export function noteAlignment(raw: bigint): 0 | 4 | 8 {
  if (raw <= 4n) return 4;
  if (raw === 8n) return 8;
  return 0;
}

// Common owners, so the hot loop does not build the same string per note.
const OWNER_STAPSDT = "stapsdt";
const OWNER_GNU = "GNU";

function ownerName(bytes: Uint8Array, start: number, namesz: number): string {
  if (namesz === 8 && bytes[start] === 0x73 && bytes[start + 7] === 0 && bytes[start + 1] === 0x74 &&
      bytes[start + 2] === 0x61 && bytes[start + 3] === 0x70 && bytes[start + 4] === 0x73 &&
      bytes[start + 5] === 0x64 && bytes[start + 6] === 0x74) {
    return OWNER_STAPSDT;
  }
  if (namesz === 4 && bytes[start] === 0x47 && bytes[start + 1] === 0x4e && bytes[start + 2] === 0x55 && bytes[start + 3] === 0) {
    return OWNER_GNU;
  }
  // Stop at the first NUL; a name without one is taken whole, as readelf does.
  const end = start + namesz;
  const nul = findNul(bytes, start, end);
  return decodeString(bytes, start, nul < 0 ? end : nul);
}

/** How a walk over one container ended (see {@link walkNotes}). */
export interface NoteWalkEnd {
  /** The normalised alignment used (4 or 8), or 0 when it was rejected. */
  readonly align: 0 | 4 | 8;
  /** Why the walk ended early: a framing problem, or (with `framing` null) the {@link MAX_NOTES} limit. */
  readonly error: ElfError | null;
  readonly framing: NoteFraming | null;
  /**
   * Notes walked, `counted` included ({@link walkNotes} sets it; a walk over
   * a container in chunks carries it from one chunk to the next).
   */
  readonly walked?: number;
}

/**
 * Called once per note by {@link walkNotes}, with offsets into the container:
 * `at` is the note header; the owner starts at `at + 12`; the descriptor at
 * `descAt`. Plain numbers, so a walk allocates nothing per note.
 */
export type NoteVisitor = (at: number, namesz: number, descsz: number, type: number, descAt: number) => void;

/**
 * Walks the notes in `data` (the bytes of one container), calling `visit` for
 * each well-framed note, in order. This is the allocation-free core of
 * {@link parseNotes}; use it when the notes are consumed one at a time (a
 * container of 100,000 probes need not become 100,000 `Note` objects).
 *
 * Never throws for malformed input (a throwing `visit` ends the walk): problems
 * end the walk and are returned in `error` (code `BAD_NOTE`, offset = file
 * offset of the bad note) and `framing`.
 *
 * @param base file offset of `data[0]`, for offsets in errors.
 * @param rawAlign the container's `sh_addralign` or `p_align`.
 * @param maxNotes the most notes to read ({@link MAX_NOTES}; a parameter for tests).
 * @param counted notes of the same container already walked, when `data` is
 *   a later part of it (read in chunks): they count towards `maxNotes`.
 */
export function walkNotes(
  data: Uint8Array, base: number, rawAlign: bigint, littleEndian: boolean, visit: NoteVisitor,
  maxNotes: number = MAX_NOTES, counted = 0,
): NoteWalkEnd {
  const align = noteAlignment(rawAlign);
  if (align === 0) {
    return {
      align,
      error: new ElfError("BAD_NOTE", `note alignment ${rawAlign}, expecting 4 or 8`, base, rawAlign),
      framing: { kind: "alignment", align: rawAlign },
      walked: counted,
    };
  }
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = data.length;
  let at = 0;
  let count = counted;
  while (at < end) {
    if (count >= maxNotes) {
      return {
        align,
        error: new ElfError("BAD_NOTE", `more than ${maxNotes} notes in one container; the rest are not read`, base + at, maxNotes),
        framing: null,
        walked: count,
      };
    }
    const remaining = end - at;
    if (remaining < NOTE_HEADER_SIZE) {
      return {
        align,
        error: new ElfError("BAD_NOTE", `only ${remaining} byte(s) remain, not enough for a note header`, base + at, remaining),
        framing: { kind: "short", at, remaining },
        walked: count,
      };
    }
    const namesz = v.getUint32(at, littleEndian);
    const descsz = v.getUint32(at + 4, littleEndian);
    const type = v.getUint32(at + 8, littleEndian);
    // All in double precision: namesz/descsz < 2^32, so no overflow below 2^53.
    // Rounded up to the alignment (4 or 8, a power of two).
    const descAt = Math.ceil((at + NOTE_HEADER_SIZE + namesz) / align) * align;
    const next = Math.ceil((descAt + descsz) / align) * align;
    if (descAt > end || next > end) {
      return {
        align,
        error: new ElfError(
          "BAD_NOTE",
          `note with invalid namesz ${hex(namesz)} and/or descsz ${hex(descsz)} (type ${hex(type)}, alignment ${align})`,
          base + at,
          descsz,
        ),
        framing: { kind: "overrun", at, type, namesz, descsz, align },
        walked: count,
      };
    }
    visit(at, namesz, descsz, type, descAt);
    count++;
    at = next;
  }
  return { align, error: null, framing: null, walked: count };
}

/**
 * Parses the notes in `data` (the bytes of one container) into `Note` objects.
 *
 * Never throws for malformed input: problems end the list and are returned in
 * `error` (code `BAD_NOTE`, offset = file offset of the bad note) and `framing`.
 *
 * @param base file offset of `data[0]`, for offsets in notes and errors.
 * @param rawAlign the container's `sh_addralign` or `p_align`.
 * @param maxNotes the most notes to read ({@link MAX_NOTES}; a parameter for tests).
 */
export function parseNotes(data: Uint8Array, base: number, rawAlign: bigint, littleEndian: boolean, maxNotes: number = MAX_NOTES): NoteList {
  const notes: Note[] = [];
  const end = walkNotes(data, base, rawAlign, littleEndian, (at, namesz, descsz, type, descAt) => {
    notes.push(makeNote(data, base, at, namesz, descsz, type, descAt));
  }, maxNotes);
  return { notes, align: end.align, error: end.error, framing: end.framing };
}

/** The `Note` for what {@link walkNotes} gives a visitor (`data` and `base` as passed to it). */
export function makeNote(data: Uint8Array, base: number, at: number, namesz: number, descsz: number, type: number, descAt: number): Note {
  return new Note(data, base, at, namesz, descsz, type, ownerName(data, at + NOTE_HEADER_SIZE, namesz), descAt);
}

/**
 * Whether the owner of the note at `at` reads as `owner` (ASCII, no NUL), as
 * `Note.name` would: the owner bytes up to the first NUL, or all `namesz`
 * bytes when there is none. Compares bytes, without building a string.
 */
export function noteOwnerIs(data: Uint8Array, at: number, namesz: number, owner: string): boolean {
  const n = owner.length;
  if (namesz < n) return false;
  const start = at + NOTE_HEADER_SIZE;
  for (let i = 0; i < n; i++) if (data[start + i] !== owner.charCodeAt(i)) return false;
  return namesz === n || data[start + n] === 0;
}

